package org.spoc.problem.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.problem.ProblemServiceApplication;
import org.spoc.problem.domain.detection.DetectionSettings;
import org.spoc.problem.domain.detection.IncidentSignal;
import org.spoc.testkit.KafkaEvents;
import org.spoc.testkit.SpocInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Replays a generated stream through the RUNNING service: Kafka and MongoDB from the testkit
 * (embedded here), the service started in this JVM, every incident published as
 * {@code spoc.ticket.opened.v1} on {@code spoc.ticket.events.v1} as fast as the broker acknowledges,
 * problems read back from {@code spoc.problem.events.v1}. Where the in-process harness resolves problems
 * a day after detection, this sets a one-day link horizon through the settings API (this process cannot
 * know how far detection has got in event time). Incidents are published at a paced rate (default 8 a
 * second) so that the delay reported is detection's own, wall clock: from the
 * acknowledgement of the burst's k-th incident to the detected event's record timestamp.
 * <pre>
 * SPOC_TEST_INFRA=embedded ./mvnw -q -B -pl problem-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.spoc.problem.eval.LiveReplay [-Dexec.args="days seed rate"]
 * </pre>
 */
public final class LiveReplay {

    private LiveReplay() {
    }

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 14;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2001;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 8.0;
        TicketCorpus corpus = TicketCorpus.load(TicketCorpus.locate(), TicketCorpus.Part.HELD_OUT);
        List<GeneratedIncident> stream = new IncidentStreamGenerator(corpus, seed, 1)
                .generate(new IncidentStreamGenerator.Shape(days, 60, Math.max(1, days / 7), 3));
        System.out.println("held-out stream: " + stream.size() + " incidents over " + days + " days, seed " + seed);

        String bootstrap = SpocInfrastructure.kafkaBootstrapServers();
        try (ConfigurableApplicationContext service = SpringApplication.run(ProblemServiceApplication.class,
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.mongodb.uri=" + SpocInfrastructure.mongoUri().replace("spoc-test", "problem-replay-" + seed),
                "--spoc.security.jwk-set-uri=" + SpocInfrastructure.jwkSetUri(),
                "--spoc.security.issuer=" + SpocInfrastructure.issuer(), "--logging.level.root=WARN");
                KafkaEvents problems = KafkaEvents.on(Topics.PROBLEM)) {
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
            replay(stream, problems, port, rate);
        }
        System.exit(0);
    }

    private static void replay(List<GeneratedIncident> stream, KafkaEvents problems, int port, double rate)
            throws Exception {
        DetectionSettings settings = DetectionSettings.defaults();
        Map<String, Long> publishedAt = new HashMap<>();
        Map<String, GeneratedIncident> byTicket = new HashMap<>();
        Map<String, Instant> detectedAt = new HashMap<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        // the desk resolves problems within a day (the in-process harness resolves them after one):
        // here a one-day link horizon stands in for that, since this process cannot know detection's clock
        String current = http.send(request(port, "/api/problem-detection/settings").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        int status = http.send(request(port, "/api/problem-detection/settings").header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        current.replaceAll("\"linkHorizon\":\"[^\"]*\"", "\"linkHorizon\":\"P1D\""))).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        System.out.println("linkHorizon P1D: HTTP " + status);
        long started = System.nanoTime();
        long interval = (long) (1e9 / rate);
        int n = 0;
        for (GeneratedIncident g : stream) {
            byTicket.put(g.signal().ticketId(), g);
            long due = started + n * interval; // paced, so the detector keeps up and the delay is its own
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            KafkaEvents.publish(opened(g.signal()));
            publishedAt.put(g.signal().ticketId(), System.currentTimeMillis());
            n++;
        }
        System.out.printf("published %d incidents in %.1f s%n", stream.size(), (System.nanoTime() - started) / 1e9);

        // a final burst: once its problem is out, everything before it has been through detection
        String marker = "marker-" + UUID.randomUUID().toString().substring(0, 8);
        Instant end = stream.get(stream.size() - 1).signal().openedAt().plus(Duration.ofDays(2));
        Set<String> markers = new HashSet<>();
        for (String who : List.of("alice", "bob", "carol")) {
            IncidentSignal s = new IncidentSignal(UUID.randomUUID().toString(), "INC9" + markers.size(), who,
                    marker + " is down error 500", marker + " is down error 500", "Access", marker, null,
                    org.spoc.events.ticket.Priority.P3, Level.MEDIUM, false, 1, end.plusSeconds(markers.size()));
            markers.add(s.ticketId());
            KafkaEvents.publish(opened(s));
        }
        problems.awaitEvent(EventType.PROBLEM_DETECTED, e -> e.data(ProblemEvent.class).incidents().stream()
                .anyMatch(i -> markers.contains(i.ticketId())), Duration.ofMinutes(15));
        System.out.printf("all processed after %.1f s%n", (System.nanoTime() - started) / 1e9);

        Map<String, List<String>> found = new LinkedHashMap<>();
        Map<String, Long> detectedWall = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : problems.records()) {
            CloudEvent e;
            try {
                e = CloudEvent.from(record);
            }
            catch (RuntimeException ex) {
                continue;
            }
            if (e.type().equals(EventType.PROBLEM_DETECTED.type())) {
                ProblemEvent data = e.data(ProblemEvent.class);
                if (data.incidents().stream().anyMatch(i -> markers.contains(i.ticketId()))) {
                    continue;
                }
                found.put(e.subject(), new ArrayList<>(data.incidents().stream().map(i -> i.ticketId()).toList()));
                detectedAt.put(e.subject(), e.time());
                detectedWall.put(e.subject(), record.timestamp());
            }
            else if (e.type().equals(EventType.PROBLEM_INCIDENT_LINKED.type())) {
                found.computeIfAbsent(e.subject(), x -> new ArrayList<>())
                        .add(e.data(IncidentLinked.class).incident().ticketId());
            }
        }
        // wall delay: from the acknowledgement of the burst's k-th incident to the detected event
        Map<String, Long> delayMicros = new HashMap<>();
        for (Map.Entry<String, List<String>> p : found.entrySet()) {
            Map<String, Integer> votes = new HashMap<>();
            p.getValue().stream().map(byTicket::get).filter(x -> x != null && x.burst() != null)
                    .forEach(x -> votes.merge(x.burst(), 1, Integer::sum));
            String label = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            if (label == null || !detectedWall.containsKey(p.getKey())) {
                continue;
            }
            List<GeneratedIncident> burst = stream.stream().filter(x -> label.equals(x.burst()))
                    .sorted(java.util.Comparator.comparing(x -> x.signal().openedAt())).toList();
            GeneratedIncident kth = burst.get(Math.min(burst.size(), settings.minIncidents()) - 1);
            delayMicros.put(p.getKey(), (detectedWall.get(p.getKey()) - publishedAt.get(kth.signal().ticketId())) * 1000);
        }
        DetectionEvaluation.Report report = DetectionEvaluation.score(stream, byTicket, found, detectedAt, delayMicros,
                List.of(), new long[0], settings);
        System.out.println(report.render().replace("wall:", "wall (publish of k-th -> detected event):")
                .replace(" us", " us"));
    }

    private static java.net.http.HttpRequest.Builder request(int port, String path) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", SpocInfrastructure.tokens().bearer("root"));
    }

    private static CloudEvent opened(IncidentSignal s) {
        TicketSnapshot t = new TicketSnapshot(s.ticketId(), s.number(), TicketType.INCIDENT, s.title(), s.description(),
                TicketStatus.NEW, s.priority(), s.impact(), Level.MEDIUM, s.category(), s.service(), s.location(), null,
                s.requester(), "service-desk", 1, null, "portal", null, null, null, 1, s.openedAt(), s.openedAt(), null,
                null, null);
        return CloudEvent.of(EventType.TICKET_OPENED, t.id(), new TicketEvent(t, List.of(), s.requester(), null, null, null),
                s.openedAt());
    }
}
