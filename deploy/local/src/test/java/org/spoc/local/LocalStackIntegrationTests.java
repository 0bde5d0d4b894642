package org.spoc.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The infrastructure of the local stack as real child JVMs: Kafka (KRaft), the durable store, the IdP. */
class LocalStackIntegrationTests {

    private static final String TOPIC = "spoc.local.check.v1";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void startsKafkaStoreAndIdentityProviderAndKeepsTheirDataAcrossARestart() throws Exception {
        Map<Part, Integer> ports;
        List<ProcessHandle> firstRun;
        String firstToken;
        try (LocalStack stack = LocalStack.start(options())) {
            ports = Map.of(Part.KAFKA, stack.port(Part.KAFKA), Part.STORE, stack.port(Part.STORE), Part.IDP,
                    stack.port(Part.IDP), Part.GATEWAY, stack.port(Part.GATEWAY));
            firstRun = stack.running().stream().map(part -> part.process().toHandle()).toList();
            report("first start", stack);

            try (KafkaProducer<String, String> producer = producer(stack)) {
                producer.send(new ProducerRecord<>(TOPIC, "INC0000001", "opened")).get();
            }
            try (Admin admin = admin(stack)) {
                assertThat(admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions())
                        .as("num.partitions").hasSize(6);
            }
            try (MongoClient mongo = MongoClients.create(stack.mongoUri("ticket-service"))) {
                mongo.getDatabase("ticket-service").getCollection("tickets")
                        .insertOne(new Document("_id", "INC0000001").append("title", "VPN drops"));
            }
            firstToken = token(stack, "alice");
            assertThat(home.resolve("logs/kafka.log")).content().contains("Kafka Server started");
        }
        assertThat(firstRun).hasSize(3).allSatisfy(process -> assertThat(process.isAlive()).isFalse());

        LocalStack.Options again = options();
        ports.forEach(again::port);
        try (LocalStack stack = LocalStack.start(again)) {
            report("second start", stack);
            try (KafkaConsumer<String, String> consumer = consumer(stack)) {
                consumer.subscribe(List.of(TOPIC));
                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                    return !records.isEmpty();
                });
                assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("INC0000001", "opened"));
            }
            try (MongoClient mongo = MongoClients.create(stack.mongoUri("ticket-service"))) {
                assertThat(mongo.getDatabase("ticket-service").getCollection("tickets").find().into(new ArrayList<>()))
                        .extracting(doc -> doc.getString("title")).containsExactly("VPN drops");
            }
            SignedJWT first = SignedJWT.parse(firstToken);
            JWKSet jwks = JWKSet.parse(get(stack.jwkSetUri()));
            assertThat(first.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(first.getHeader().getKeyID()))))
                    .as("a token of the first run verifies with the second run's JWKS").isTrue();
            assertThat(first.getJWTClaimsSet().getIssuer()).isEqualTo(stack.issuer());
        }
    }

    private LocalStack.Options options() {
        return LocalStack.options().home(home).freePorts().parts(Part.KAFKA, Part.STORE, Part.IDP)
                .progress(line -> System.out.println("[stack] " + line));
    }

    private static void report(String what, LocalStack stack) {
        for (LocalStack.Running part : stack.running()) {
            System.out.printf("%s: %-6s ready in %5d ms, RSS %4d MB%n", what, part.part().id(),
                    part.startedIn().toMillis(), part.rssKib() / 1024);
        }
    }

    private String token(LocalStack stack, String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.idpUrl() + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"changeme\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body()).get("access_token").stringValue();
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    private static KafkaProducer<String, String> producer(LocalStack stack) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(LocalStack stack) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static Admin admin(LocalStack stack) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        return Admin.create(config);
    }
}
