package org.spoc.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.InvalidEventException;

/**
 * Awaits events on a topic of the test infrastructure's broker, and publishes events into it.
 *
 * <pre>{@code
 * try (KafkaEvents tickets = KafkaEvents.on(Topics.TICKET)) {
 *     String id = ...; // act
 *     CloudEvent opened = tickets.awaitEvent(EventType.TICKET_OPENED, e -> e.subject().equals(id), Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>{@link #on(String)} assigns a consumer to every partition of the topic (creating the topic with
 * {@value SpocInfrastructure#PARTITIONS} partitions if it is missing) and positions it at the end
 * offsets read at creation: it sees only what is written after it was made, unless
 * {@link #fromBeginning()}. Topics are shared by every test of the JVM and never emptied, so always
 * match on your own ids. Every await searches all records received since creation (not only new
 * ones), so two awaits may return the same event; use {@link #awaitEvents} to wait for several.
 * Records that are not valid CloudEvents are kept and listed, and can be awaited with
 * {@link #awaitRecord}. Not thread-safe: use an instance from one thread.
 */
public final class KafkaEvents implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int LISTED = 40;
    private static final Set<String> KNOWN_TOPICS = ConcurrentHashMap.newKeySet();
    private static final Object PRODUCER_LOCK = new Object();
    private static volatile @Nullable KafkaProducer<String, byte[]> producer;

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new ArrayList<>();

    private KafkaEvents(String topic, KafkaConsumer<String, byte[]> consumer) {
        this.topic = topic;
        this.consumer = consumer;
    }

    /** A consumer of every partition of {@code topic}, positioned at its end now. */
    public static KafkaEvents on(String topic) {
        createTopics(topic);
        return on(SpocInfrastructure.kafkaBootstrapServers(), topic);
    }

    /**
     * A consumer of an existing {@code topic} on another broker (for example a whole platform started by
     * an end-to-end test), positioned at its end now.
     */
    public static KafkaEvents on(String bootstrapServers, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "spoc-testkit-" + topic,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        try {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, ADMIN_TIMEOUT);
            ends.forEach(consumer::seek);
            return new KafkaEvents(topic, consumer);
        }
        catch (RuntimeException ex) {
            consumer.close(Duration.ZERO);
            throw ex;
        }
    }

    /** Repositions at the beginning of every partition and forgets what was received. */
    public KafkaEvents fromBeginning() {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(consumer.assignment(), ADMIN_TIMEOUT);
        beginnings.forEach(consumer::seek);
        received.clear();
        return this;
    }

    public String topic() {
        return topic;
    }

    /** The partitions this consumer is assigned to: all of the topic's. */
    public Set<TopicPartition> partitions() {
        return Set.copyOf(consumer.assignment());
    }

    /**
     * The first event of {@code type} matching {@code match} received since creation, waiting up to
     * {@code timeout} for it.
     * @throws AssertionError listing what was received when none arrives in time
     */
    public CloudEvent awaitEvent(EventType type, Predicate<CloudEvent> match, Duration timeout) {
        return awaitEvents(type, match, 1, timeout).getFirst();
    }

    /** The first event of {@code type} whose subject (ticket or problem id) is {@code subject}. */
    public CloudEvent awaitEvent(EventType type, String subject, Duration timeout) {
        return awaitEvent(type, event -> event.subject().equals(subject), timeout);
    }

    /**
     * The first {@code count} events of {@code type} matching {@code match}, in the order received,
     * waiting up to {@code timeout} for them.
     * @throws AssertionError listing what was received when fewer arrive in time
     */
    public List<CloudEvent> awaitEvents(EventType type, Predicate<CloudEvent> match, int count, Duration timeout) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        Predicate<CloudEvent> wanted = ofType(type).and(match);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<CloudEvent> found = matching(wanted);
            if (found.size() >= count) {
                return List.copyOf(found.subList(0, count));
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("expected " + count + " " + type.type() + " event(s) matching the predicate on "
                        + topic + " within " + timeout + ", found " + found.size() + "; " + seen());
            }
            pollOnce();
        }
    }

    /**
     * A negative check: polls for the whole {@code window} and fails if an event of {@code type}
     * matching {@code match} was received since creation. It can only show that nothing arrived
     * within the window, so make the window longer than the producer needs in the positive case,
     * and prefer awaiting a later event that proves the producer has moved on.
     * @throws AssertionError naming the unexpected event
     */
    public void assertNoEvent(EventType type, Predicate<CloudEvent> match, Duration window) {
        Predicate<CloudEvent> unwanted = ofType(type).and(match);
        long deadline = System.nanoTime() + window.toNanos();
        do {
            List<CloudEvent> found = matching(unwanted);
            if (!found.isEmpty()) {
                throw new AssertionError("expected no " + type.type() + " event matching the predicate on " + topic
                        + " but received " + describe(found.getFirst()) + "; " + seen());
            }
            pollOnce();
        }
        while (System.nanoTime() - deadline < 0);
        List<CloudEvent> found = matching(unwanted);
        if (!found.isEmpty()) {
            throw new AssertionError("expected no " + type.type() + " event matching the predicate on " + topic
                    + " but received " + describe(found.getFirst()) + "; " + seen());
        }
    }

    /**
     * The first raw record matching {@code match}, CloudEvent or not (dead-letter records, poison
     * records), waiting up to {@code timeout}.
     */
    public ConsumerRecord<String, byte[]> awaitRecord(Predicate<ConsumerRecord<String, byte[]>> match,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : received) {
                if (match.test(r.record())) {
                    return r.record();
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("expected a record matching the predicate on " + topic + " within "
                        + timeout + "; " + seen());
            }
            pollOnce();
        }
    }

    /** Polls once more and answers every valid event received since creation, in the order received. */
    public List<CloudEvent> events() {
        pollOnce();
        return received.stream().map(Received::event).filter(e -> e != null).map(e -> (CloudEvent) e).toList();
    }

    /** Every raw record received since creation (after polling once more). */
    public List<ConsumerRecord<String, byte[]>> records() {
        pollOnce();
        return received.stream().map(Received::record).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** Publishes {@code event} on its topic (created if missing) and waits for the broker's acknowledgement. */
    public static RecordMetadata publish(CloudEvent event) {
        return publish(event.toProducerRecord());
    }

    /**
     * Publishes a raw record (for example a poison record without CloudEvents headers) and waits for
     * the broker's acknowledgement. The topic is created if missing.
     */
    public static RecordMetadata publish(ProducerRecord<String, byte[]> record) {
        createTopics(record.topic());
        try {
            return producer().send(record).get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + record.topic(), ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("cannot publish to " + record.topic(), ex);
        }
    }

    /** Creates the topics that do not exist yet, with {@value SpocInfrastructure#PARTITIONS} partitions. */
    public static void createTopics(String... topics) {
        List<String> missing = Arrays.stream(topics).filter(t -> !KNOWN_TOPICS.contains(t)).toList();
        if (missing.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SpocInfrastructure.kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> create = missing.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, SpocInfrastructure.PARTITIONS, (short) 1)).toList();
            for (var result : admin.createTopics(create).values().entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey(), ex.getCause());
                    }
                }
            }
            awaitLeaders(admin, missing);
            KNOWN_TOPICS.addAll(missing);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + missing, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("cannot create topics " + missing, ex);
        }
    }

    /** Waits until every partition of {@code topics} has a leader, so the first produce and fetch succeed. */
    private static void awaitLeaders(Admin admin, List<String> topics) {
        Awaitility.await("leaders of " + topics).atMost(ADMIN_TIMEOUT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsMatching(ex -> ex instanceof ExecutionException
                        && ex.getCause() instanceof UnknownTopicOrPartitionException)
                .until(() -> admin.describeTopics(topics).allTopicNames()
                        .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    }

    private static KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            return current;
        }
        synchronized (PRODUCER_LOCK) {
            if (producer == null) {
                producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SpocInfrastructure.kafkaBootstrapServers(),
                        ProducerConfig.CLIENT_ID_CONFIG, "spoc-testkit-publisher",
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
            }
            return producer;
        }
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = Awaitility.await("partitions of " + topic).atMost(ADMIN_TIMEOUT)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> consumer.partitionsFor(topic, ADMIN_TIMEOUT), list -> list != null && !list.isEmpty());
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            try {
                received.add(new Received(record, CloudEvent.from(record), null));
            }
            catch (InvalidEventException ex) {
                received.add(new Received(record, null, ex.getMessage()));
            }
        }
    }

    private List<CloudEvent> matching(Predicate<CloudEvent> predicate) {
        List<CloudEvent> found = new ArrayList<>();
        for (Received r : received) {
            CloudEvent event = r.event();
            if (event != null && predicate.test(event)) {
                found.add(event);
            }
        }
        return found;
    }

    private static Predicate<CloudEvent> ofType(EventType type) {
        return event -> type.type().equals(event.type());
    }

    private String seen() {
        if (received.isEmpty()) {
            return "received nothing on " + topic + " since the consumer was made";
        }
        int from = Math.max(0, received.size() - LISTED);
        String lines = received.subList(from, received.size()).stream().map(Received::describe)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
        return "received " + received.size() + " record(s) on " + topic
                + (from > 0 ? " (the last " + LISTED + " listed)" : "") + ":" + lines;
    }

    private static String describe(CloudEvent event) {
        return event.type() + " subject=" + event.subject() + " id=" + event.id() + " key=" + event.key()
                + " time=" + event.time();
    }

    private record Received(ConsumerRecord<String, byte[]> record, @Nullable CloudEvent event,
            @Nullable String error) {

        String describe() {
            String where = record.partition() + "@" + record.offset() + " ";
            if (event != null) {
                return where + KafkaEvents.describe(event) + " data=" + abbreviate(event.data());
            }
            return where + "not a CloudEvent (" + error + ") key=" + record.key() + " headers="
                    + headerNames(record.headers()) + " value="
                    + (record.value() == null ? "null" : abbreviate(new String(record.value(), StandardCharsets.UTF_8)));
        }

        private static String headerNames(Iterable<Header> headers) {
            List<String> names = new ArrayList<>();
            headers.forEach(h -> names.add(h.key()));
            return names.toString();
        }

        private static String abbreviate(String text) {
            return text.length() <= 200 ? text : text.substring(0, 200) + "...";
        }
    }
}
