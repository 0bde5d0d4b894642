package org.spoc.notification.domain;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-channel meters ({@code in-app}, {@code email}, {@code webhook}): {@code spoc.notifications.sent},
 * {@code spoc.notifications.failed}, {@code spoc.notifications.latency} (event time to delivery) and
 * the gauge {@code spoc.notifications.queue.depth} (messages waiting to be sent).
 */
public class NotificationMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String channel : new String[] { "in-app", "email", "webhook" }) {
            Counter.builder("spoc.notifications.sent").tag("channel", channel).register(registry);
            Counter.builder("spoc.notifications.failed").tag("channel", channel).register(registry);
            AtomicLong depth = new AtomicLong();
            depths.put(channel, depth);
            Gauge.builder("spoc.notifications.queue.depth", depth, AtomicLong::get).tag("channel", channel)
                    .register(registry);
        }
    }

    public void sent(String channel, Duration latency) {
        registry.counter("spoc.notifications.sent", "channel", channel).increment();
        Timer.builder("spoc.notifications.latency").tag("channel", channel).publishPercentileHistogram()
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    public void failed(String channel) {
        registry.counter("spoc.notifications.failed", "channel", channel).increment();
    }

    public void queueDepth(String channel, long depth) {
        depths.computeIfAbsent(channel, c -> new AtomicLong()).set(depth);
    }
}
