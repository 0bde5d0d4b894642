package org.spoc.notification.messaging;

import org.spoc.kit.work.PollingWorker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.notification.NotificationOutcome;
import org.spoc.notification.config.NotificationProperties;
import org.spoc.notification.domain.Backoff;
import org.spoc.notification.domain.NotificationMetrics;
import org.spoc.notification.domain.SsrfGuard;
import org.spoc.notification.domain.Webhook;
import org.spoc.notification.domain.WebhookDelivery;
import org.spoc.notification.domain.WebhookDeliveryStore;
import org.spoc.notification.domain.WebhookSignature;
import org.spoc.notification.domain.WebhookStore;

/**
 * Sends the queued webhook deliveries. Each pass takes the due deliveries oldest first and sends one
 * only when no earlier delivery of the same webhook and ticket is still open (strict order per ticket
 * per endpoint), when the endpoint's circuit breaker permits a call (an open breaker costs nothing
 * from the retry budget) and its bulkhead has room (a slow endpoint ties up at most that many
 * requests, never the others'). The breaker counts only signs of a sick endpoint (no answer, 5xx, 408,
 * 429), so one event the receiver keeps rejecting with a 4xx cannot hold the others back. Requests run on virtual threads, follow no redirects and re-check
 * the SSRF guard first (DNS may have changed). A failure is retried with exponential back-off and
 * jitter until the budget is spent, then the delivery is DEAD until replayed. Every attempt is logged
 * on the delivery; the outcome event is written in the same update.
 *
 * <p>Store commands per pass, not per delivery: a pass claims all it may send in one write and one
 * read (a lease under the pass's claim token, so replicas never send the same one; a dead sender's
 * claims return to the queue when the lease ends), and the outcomes of the sends that finished since
 * the last pass are written together, at the start of the next one (each send wakes the loop).
 */
public class WebhookWorker extends PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

    public static final String H_EVENT_ID = "X-Spoc-Event-Id";
    public static final String H_DELIVERY_ID = "X-Spoc-Delivery-Id";
    public static final String H_WEBHOOK_ID = "X-Spoc-Webhook-Id";

    private final WebhookStore webhooks;
    private final WebhookDeliveryStore deliveries;
    private final SsrfGuard guard;
    private final HttpClient http;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final NotificationProperties.Webhooks settings;
    private final Backoff backoff;
    private final Clock clock;
    private final NotificationMetrics metrics;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Throttle housekeeping = new Throttle(Duration.ofSeconds(5));
    private final Queue<Recorded> outcomes = new ConcurrentLinkedQueue<>();

    public WebhookWorker(WebhookStore webhooks, WebhookDeliveryStore deliveries, SsrfGuard guard, HttpClient http,
            CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, NotificationProperties.Webhooks settings,
            Clock clock, NotificationMetrics metrics) {
        super("webhook-worker", settings.pollInterval());
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.guard = guard;
        this.http = http;
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.settings = settings;
        this.backoff = settings.backoff().toBackoff();
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    protected boolean pass() {
        recordOutcomes();
        Instant now = clock.instant();
        if (housekeeping.due()) {
            deliveries.releaseExpiredLeases(now);
            metrics.queueDepth("webhook", deliveries.depth());
        }
        List<WebhookDelivery> due = deliveries.due(now, settings.batchSize());
        if (due.isEmpty()) {
            return false;
        }
        Map<String, Long> waiting = deliveries.blockers(now);
        Set<String> blockedKeys = new HashSet<>();
        Set<String> blockedHooks = new HashSet<>();
        Map<String, Optional<Webhook>> hooks = new HashMap<>();
        Map<String, Permitted> permitted = new LinkedHashMap<>();
        for (WebhookDelivery d : due) {
            String key = WebhookDeliveryStore.orderKey(d.webhookId(), d.orderKey());
            if (blockedHooks.contains(d.webhookId()) || !blockedKeys.add(key)) {
                continue; // an earlier delivery of this key is due in this pass too: it goes first
            }
            Long earlier = waiting.get(key);
            if (earlier != null && earlier < d.seq()) {
                continue; // an earlier one of this ticket waits for its retry or is on its way
            }
            Optional<Webhook> hook = hooks.computeIfAbsent(d.webhookId(), webhooks::find);
            if (hook.isEmpty()) {
                deliveries.cancelOpen(d.webhookId());
                blockedHooks.add(d.webhookId());
                continue;
            }
            CircuitBreaker breaker = breakers.circuitBreaker(d.webhookId());
            if (!breaker.tryAcquirePermission()) {
                blockedHooks.add(d.webhookId());
                continue;
            }
            Bulkhead bulkhead = bulkheads.bulkhead(d.webhookId());
            if (!bulkhead.tryAcquirePermission()) {
                breaker.releasePermission();
                blockedHooks.add(d.webhookId());
                continue;
            }
            permitted.put(d.id(), new Permitted(hook.get(), breaker, bulkhead));
        }
        WebhookDeliveryStore.Claimed claimed = claim(permitted, now);
        permitted.forEach((id, p) -> {
            WebhookDelivery delivery = claimed.deliveries().get(id);
            if (delivery == null) {
                p.breaker().releasePermission(); // another replica took it
                p.bulkhead().onComplete();
            }
            else {
                senders.execute(() -> send(p.hook(), delivery, claimed.token(), p.breaker(), p.bulkhead()));
            }
        });
        return false;
    }

    /** Claims the pass's sendable deliveries together; if the claim fails, the permits go back. */
    private WebhookDeliveryStore.Claimed claim(Map<String, Permitted> permitted, Instant now) {
        try {
            return deliveries.claim(permitted.keySet(), now.plus(settings.lease()));
        }
        catch (RuntimeException ex) {
            permitted.values().forEach(p -> {
                p.breaker().releasePermission();
                p.bulkhead().onComplete();
            });
            throw ex;
        }
    }

    /** A delivery cleared to go: its webhook and the permits it holds. */
    private record Permitted(Webhook hook, CircuitBreaker breaker, Bulkhead bulkhead) {
    }

    private void send(Webhook hook, WebhookDelivery d, String claim, CircuitBreaker breaker, Bulkhead bulkhead) {
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            URI uri = guard.check(hook.url());
            byte[] body = d.data().getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", CloudEvent.CONTENT_TYPE)
                    .header("User-Agent", "SPOC-Webhooks/1")
                    .header("ce-specversion", CloudEvent.SPEC_VERSION)
                    .header("ce-id", d.eventId())
                    .header("ce-type", d.eventType())
                    .header("ce-source", d.source())
                    .header("ce-subject", d.subject())
                    .header("ce-time", d.eventTime().toString())
                    .header(H_EVENT_ID, d.eventId())
                    .header(H_DELIVERY_ID, d.id())
                    .header(H_WEBHOOK_ID, hook.id())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(hook.secret(), clock.instant(), body));
            d.extensions().forEach((name, value) -> request.header(extensionHeader(name), value));
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream ignored = response.body()) {
                status = response.statusCode(); // the body is not read: closing drops whatever the receiver sends
            }
            if (status < 200 || status > 299) {
                error = status >= 300 && status < 400 ? "HTTP " + status + " (redirects are not followed)"
                        : "HTTP " + status;
            }
        }
        catch (SsrfGuard.UnsafeUrlException ex) {
            error = "blocked by the SSRF guard: url " + ex.getMessage();
        }
        catch (HttpTimeoutException ex) {
            error = "timed out after " + settings.requestTimeout();
        }
        catch (IOException ex) {
            error = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        catch (RuntimeException ex) {
            error = ex.toString();
        }
        finally {
            bulkhead.onComplete();
        }
        long latency = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        record(hook, d, claim, breaker, new WebhookDelivery.Attempt(d.attempts() + 1, at, status, latency, error));
    }

    /**
     * Counts the attempt on the endpoint's breaker at once, and queues its outcome for
     * {@link #recordOutcomes}: sends that finish while a pass runs are recorded together, in one write.
     */
    private void record(Webhook hook, WebhookDelivery d, String claim, CircuitBreaker breaker,
            WebhookDelivery.Attempt attempt) {
        Instant now = clock.instant();
        try {
            if (attempt.error() == null || !endpointFailure(attempt)) {
                // the endpoint is up: a 4xx rejects this one event, it says nothing about the others
                breaker.onSuccess(attempt.latencyMillis(), TimeUnit.MILLISECONDS);
            }
            else {
                breaker.onError(attempt.latencyMillis(), TimeUnit.MILLISECONDS, new WebhookFailure(attempt.error()));
            }
            WebhookDeliveryStore.Outcome outcome;
            if (attempt.error() == null) {
                outcome = new WebhookDeliveryStore.Outcome.Delivered(d.id(), claim, attempt, now,
                        outcome(EventType.NOTIFICATION_DELIVERED, hook, d, attempt, now));
            }
            else if (attempt.number() >= settings.maxAttempts() || !now.isBefore(d.retryUntil())) {
                log.warn("webhook {} delivery {} of {} is DEAD after {} attempts: {}", hook.id(), d.id(),
                        d.eventType(), attempt.number(), attempt.error());
                outcome = new WebhookDeliveryStore.Outcome.Dead(d.id(), claim, attempt,
                        outcome(EventType.NOTIFICATION_FAILED, hook, d, attempt, now));
            }
            else {
                outcome = new WebhookDeliveryStore.Outcome.Retry(d.id(), claim, attempt,
                        now.plus(backoff.delay(attempt.number(), ThreadLocalRandom.current())));
            }
            outcomes.add(new Recorded(outcome, d.eventTime(), now));
        }
        finally {
            if (isRunning()) {
                wake(); // records it, and the next delivery of this ticket may go now
            }
            else {
                recordAfterStop();
            }
        }
    }

    /** The loop has stopped: nobody else will record what this send came to. */
    private void recordAfterStop() {
        try {
            recordOutcomes();
        }
        catch (RuntimeException ex) {
            log.warn("webhook outcomes not recorded at stop, their leases will expire: {}", ex.toString());
        }
    }

    /**
     * Writes every queued outcome in one bulk write, then counts them. Should the write fail, they
     * stay queued for the next pass (the leases keep the deliveries from being sent again meanwhile).
     */
    private void recordOutcomes() {
        List<Recorded> batch = new ArrayList<>();
        for (Recorded r = outcomes.poll(); r != null; r = outcomes.poll()) {
            batch.add(r);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            deliveries.record(batch.stream().map(Recorded::outcome).toList());
        }
        catch (RuntimeException ex) {
            outcomes.addAll(batch);
            throw ex;
        }
        for (Recorded r : batch) {
            if (r.outcome() instanceof WebhookDeliveryStore.Outcome.Delivered) {
                metrics.sent("webhook", Duration.between(r.eventTime(), r.at()));
            }
            else {
                metrics.failed("webhook");
            }
        }
    }

    /** An outcome waiting to be written, with what its metrics need. */
    private record Recorded(WebhookDeliveryStore.Outcome outcome, Instant eventTime, Instant at) {
    }

    /**
     * What the circuit breaker counts against an endpoint: no answer (timeouts, refused or reset
     * connections, a blocked address), 5xx, 408 and 429. Other 4xx mean the endpoint is up and rejects
     * this one event: retried like any failure, but never allowed to keep the breaker open for the rest.
     */
    static boolean endpointFailure(WebhookDelivery.Attempt attempt) {
        Integer status = attempt.status();
        return status == null || status >= 500 || status == 408 || status == 429 || (status >= 300 && status < 400);
    }

    private static CloudEvent outcome(EventType type, Webhook hook, WebhookDelivery d,
            WebhookDelivery.Attempt attempt, Instant at) {
        return CloudEvent.of(type, d.subject(), d.orderKey(), new NotificationOutcome(d.id(), "webhook",
                "webhook:" + hook.id(), d.eventId(), d.eventType(), d.subject(), attempt.number(), attempt.status(),
                attempt.error(), attempt.latencyMillis(), at), at, java.util.Map.of());
    }

    /** {@code spoc_team} travels as {@code X-Spoc-Team}. */
    private static String extensionHeader(String name) {
        StringBuilder header = new StringBuilder("X");
        for (String part : name.split("_")) {
            header.append('-').append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return header.toString();
    }

    /** Stops the loop, then writes what finished sending meanwhile; sends still running record themselves. */
    @Override
    public void stop() {
        super.stop();
        senders.shutdown();
        recordAfterStop();
    }

    /** The failure recorded by the circuit breaker; no stack trace, it is an outcome, not a bug. */
    static final class WebhookFailure extends RuntimeException {

        WebhookFailure(@Nullable String message) {
            super(message, null, false, false);
        }
    }
}
