package org.spoc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.spoc.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * Watches what the platform does with the tickets the benchmark creates: every SPOC topic from its end
 * (like a tier-2 team's consumer) and a webhook receiver registered with notification-service. For each
 * tracked ticket it records, per stage, the time from the create's 201 answer to the first event of
 * that stage about the ticket; and, for SLA breaches, how late they fired after their due instant.
 */
final class EventWatch implements AutoCloseable {

    static final String TICKET_OPENED = "ticket event on Kafka (outbox relay)";
    static final String ESCALATION = "escalation: spoc.sla.started.v1";
    static final String PROBLEM = "problem: spoc.problem.* naming the ticket";
    static final String KNOWLEDGE = "knowledge: spoc.knowledge.suggested.v1";
    static final String NOTIFICATION = "notification: signed webhook received";
    static final List<String> STAGES = List.of(TICKET_OPENED, ESCALATION, PROBLEM, KNOWLEDGE, NOTIFICATION);

    static final List<String> TOPICS = List.of("spoc.ticket.events.v1", "spoc.escalation.events.v1",
            "spoc.problem.events.v1", "spoc.knowledge.events.v1", "spoc.notification.events.v1");

    /** The tickets of one phase: when each was created (nanoTime of its 201), and what reached each stage. */
    static final class Tracking {
        final Map<String, Long> createdAt = new ConcurrentHashMap<>();
        final Map<String, Histogram> stages = new LinkedHashMap<>();
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final Histogram breachFiring = new Histogram(TimeUnit.HOURS.toMillis(1), 3);
        final Histogram breachReceived = new Histogram(TimeUnit.HOURS.toMillis(1), 3);
        final AtomicLong earlyBreaches = new AtomicLong();

        Tracking() {
            STAGES.forEach(stage -> stages.put(stage, new Histogram(TimeUnit.MINUTES.toNanos(10), 3)));
        }

        /** Events that arrived before the create's answer was read (the 201 and the relay race): stage and id -> nanoTime. */
        final Map<String, Long> early = new ConcurrentHashMap<>();

        // both synchronized: an event read between a create's createdAt.put and its look into early was lost
        synchronized void created(String ticketId, long nanos) {
            createdAt.put(ticketId, nanos);
            for (String stage : STAGES) {
                Long arrived = early.remove(stage + "\u0000" + ticketId);
                if (arrived != null) {
                    reached(stage, ticketId, arrived);
                }
            }
        }

        synchronized void reached(String stage, String ticketId, long nanos) {
            Long created = createdAt.get(ticketId);
            if (created == null) {
                if (early.size() < 1_000_000) {
                    early.putIfAbsent(stage + "\u0000" + ticketId, nanos);
                }
                return;
            }
            if (seen.add(stage + "\u0000" + ticketId)) {
                Histogram histogram = stages.get(stage);
                synchronized (histogram) {
                    histogram.recordValue(Math.max(1, Math.min(nanos - created, histogram.getHighestTrackableValue())));
                }
            }
        }

        synchronized long count(String stage) {
            Histogram histogram = stages.get(stage);
            synchronized (histogram) {
                return histogram.getTotalCount();
            }
        }

        Histogram copy(String stage) {
            Histogram histogram = stages.get(stage);
            synchronized (histogram) {
                return histogram.copy();
            }
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private final HttpServer webhooks;
    private volatile boolean running = true;
    private volatile @Nullable Tracking tracking;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong webhookRequests = new AtomicLong();
    private final Map<String, Integer> recordSizes = new ConcurrentHashMap<>();

    EventWatch(String bootstrap) throws IOException {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any ticket is created
        poller = Thread.ofPlatform().name("bench-event-watch").daemon().start(this::poll);
        webhooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        webhooks.setExecutor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().factory()));
        webhooks.createContext("/hook", exchange -> {
            long arrived = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            webhookRequests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            Tracking current = tracking;
            if (current != null) {
                for (String id : ids(body)) {
                    current.reached(NOTIFICATION, id, arrived);
                }
            }
        });
        webhooks.start();
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + webhooks.getAddress().getPort() + "/hook";
    }

    void track(@Nullable Tracking tracking) {
        this.tracking = tracking;
    }

    long records() {
        return records.get();
    }

    long webhookRequests() {
        return webhookRequests.get();
    }

    /** Bytes of the value of a record of this event type seen so far (the raw Kafka baselines use the same size). */
    int recordSize(String type, int fallback) {
        return recordSizes.getOrDefault(type, fallback);
    }

    private void poll() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long arrived = System.nanoTime();
                    records.incrementAndGet();
                    String type = header(record, "ce_type");
                    if (type == null) {
                        continue;
                    }
                    recordSizes.putIfAbsent(type, record.value() == null ? 0 : record.value().length);
                    Tracking current = tracking;
                    if (current != null) {
                        handle(current, type, record, arrived);
                    }
                }
            }
            catch (org.apache.kafka.common.errors.WakeupException ex) {
                return;
            }
            catch (RuntimeException ex) {
                if (!running) {
                    return;
                }
                System.err.println("event watch: " + ex);
            }
        }
    }

    private static void handle(Tracking current, String type, ConsumerRecord<String, byte[]> record, long arrived) {
        String subject = header(record, "ce_subject");
        switch (type) {
            case "spoc.ticket.opened.v1" -> reach(current, TICKET_OPENED, subject, record, arrived);
            case "spoc.sla.started.v1" -> reach(current, ESCALATION, subject, record, arrived);
            case "spoc.knowledge.suggested.v1" -> reach(current, KNOWLEDGE, subject, record, arrived);
            case "spoc.sla.breached.v1" -> breached(current, record, arrived);
            default -> {
                if (type.startsWith("spoc.problem.")) {
                    for (String id : ids(record.value())) {
                        current.reached(PROBLEM, id, arrived);
                    }
                }
            }
        }
    }

    private static void reach(Tracking current, String stage, @Nullable String subject,
            ConsumerRecord<String, byte[]> record, long arrived) {
        if (subject != null && !subject.isEmpty()) {
            current.reached(stage, subject, arrived);
            return;
        }
        if (record.key() != null) {
            current.reached(stage, record.key(), arrived);
            return;
        }
        for (String id : ids(record.value())) {
            current.reached(stage, id, arrived);
        }
    }

    private static void breached(Tracking current, ConsumerRecord<String, byte[]> record, long arrived) {
        long receivedAt = System.currentTimeMillis();
        try {
            JsonNode data = EventJson.tree(new String(record.value(), StandardCharsets.UTF_8));
            String ticketId = data.path("ticketId").asString("");
            String due = data.path("dueAt").asString("");
            if (!current.createdAt.containsKey(ticketId) || due.isEmpty()) {
                return;
            }
            long dueMillis = Instant.parse(due).toEpochMilli();
            String time = header(record, "ce_time");
            long firedMillis = time != null ? Instant.parse(time).toEpochMilli() : record.timestamp();
            if (firedMillis < dueMillis) {
                current.earlyBreaches.incrementAndGet();
            }
            synchronized (current.breachFiring) {
                current.breachFiring.recordValue(Math.max(0, Math.min(firedMillis - dueMillis, TimeUnit.HOURS.toMillis(1))));
                current.breachReceived.recordValue(Math.max(0, Math.min(receivedAt - dueMillis, TimeUnit.HOURS.toMillis(1))));
            }
        }
        catch (RuntimeException ex) {
            // not a shape we know: not counted
        }
    }

    /** The values of every {@code id} and {@code ticketId} field in a JSON document, at any depth. */
    static List<String> ids(byte @Nullable [] json) {
        List<String> ids = new ArrayList<>();
        if (json == null || json.length == 0) {
            return ids;
        }
        try {
            collect(EventJson.tree(new String(json, StandardCharsets.UTF_8)), ids);
        }
        catch (RuntimeException ex) {
            // not JSON
        }
        return ids;
    }

    private static void collect(JsonNode node, List<String> ids) {
        if (node.isObject()) {
            for (var entry : node.properties()) {
                String name = entry.getKey();
                JsonNode value = entry.getValue();
                if ((name.equals("id") || name.equals("ticketId")) && value.isString()) {
                    ids.add(value.asString());
                }
                else if (value.isContainer()) {
                    collect(value, ids);
                }
            }
        }
        else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, ids);
            }
        }
    }

    private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
        webhooks.stop(0);
    }
}
