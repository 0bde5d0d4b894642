package org.spoc.testkit.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.spoc.testkit.KafkaEvents;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpocIntegrationTest
@SpringBootTest(classes = TestkitApplication.class)
class SpringContextIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Test
    void seesTheInfrastructureInItsEnvironment() {
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(SpocInfrastructure.kafkaBootstrapServers());
        assertThat(environment.getProperty("spring.mongodb.uri")).isEqualTo(SpocInfrastructure.mongoUri());
        assertThat(environment.getProperty("spoc.security.jwk-set-uri")).isEqualTo(SpocInfrastructure.jwkSetUri());
        assertThat(environment.getProperty("spoc.security.issuer")).isEqualTo(SpocInfrastructure.issuer());
        assertThat(environment.getProperty("spoc.security.audience")).isEqualTo("spoc");
    }

    @Test
    void writesThroughBootsMongoTemplateIntoTheSharedStore() {
        String id = UUID.randomUUID().toString();

        mongo.insert(new Document("_id", id).append("via", "spring"), "testkit_spring");

        assertThat(mongo.getDb().getName()).isEqualTo(SpocInfrastructure.DATABASE);
        assertThat(SpocInfrastructure.database().getCollection("testkit_spring").find(new Document("_id", id)).first())
                .containsEntry("via", "spring");
    }

    @Test
    void sendsThroughBootsKafkaTemplateToTheSharedBroker() throws Exception {
        String topic = "testkit.spring." + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            kafka.send(topic, key, "hello from spring").get();

            assertThat(events.awaitRecord(r -> key.equals(r.key()), Duration.ofSeconds(15)).value())
                    .asString(StandardCharsets.UTF_8).isEqualTo("hello from spring");
        }
    }
}
