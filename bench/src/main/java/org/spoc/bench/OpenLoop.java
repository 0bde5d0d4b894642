package org.spoc.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load: request {@code i} is due at {@code start + i / rate}, whatever happened to the ones
 * before, and its latency is measured from that intended instant, not from when it was actually sent
 * (coordinated-omission safe). A request that cannot even be sent because {@link #MAX_IN_FLIGHT} are
 * outstanding is counted as shed and recorded with the timeout as its latency, so an overloaded target
 * cannot make the figures look better by slowing the generator down.
 */
final class OpenLoop {

    static final int MAX_IN_FLIGHT = 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One second of a run: offset from the benchmark's start, completions, p50 and p99 in ms. */
    record Second(double atSeconds, long completed, double p50Ms, double p99Ms) {
    }

    /** The outcome of one run at a fixed offered rate. */
    record Result(String label, String target, double offered, double seconds, long sent, long ok, long errors,
            long shed, Histogram latency, List<Second> timeline, String firstError) {

        double achieved() {
            return ok / seconds;
        }

        double p50Ms() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Ms() {
            return latency.getValueAtPercentile(99) / 1e6;
        }

        double maxMs() {
            return latency.getMaxValue() / 1e6;
        }

        double errorRate() {
            return sent == 0 ? 0 : (errors + shed) / (double) sent;
        }

        /** Sustained: p99 within the objective, at least 95 % of the offered rate answered, under 1 % errors. */
        boolean sustained(double p99ObjectiveMs) {
            return p99Ms() <= p99ObjectiveMs && achieved() >= 0.95 * offered && errorRate() < 0.01;
        }
    }

    private final HttpClient client;
    private final long benchStartNanos;

    OpenLoop(HttpClient client, long benchStartNanos) {
        this.client = client;
        this.benchStartNanos = benchStartNanos;
    }

    /**
     * Sends {@code rate} requests a second for {@code duration}, then waits for the last answers (at most
     * {@link #TIMEOUT}). {@code onAnswer} sees every answer with the nanoTime it arrived.
     */
    Result run(String label, String target, double rate, Duration duration, LongFunction<HttpRequest> request,
            BiConsumer<HttpResponse<String>, Long> onAnswer, Progress progress) {
        Histogram all = new Histogram(MAX_NANOS, 3);
        Recorder interval = new Recorder(MAX_NANOS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong shed = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        StringBuilder firstError = new StringBuilder();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        List<Second> timeline = new ArrayList<>();
        long total = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        double periodNanos = 1e9 / rate;
        long start = System.nanoTime();
        long nextSample = start + TimeUnit.SECONDS.toNanos(1);
        long intervalCompletedBefore = 0;
        long sent = 0;
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * periodNanos);
            long now;
            while ((now = System.nanoTime()) < intended) {
                if (now >= nextSample) {
                    intervalCompletedBefore = sample(interval, timeline, completed, intervalCompletedBefore, nextSample);
                    nextSample += TimeUnit.SECONDS.toNanos(1);
                    progress.update(label, (now - start) / 1e9, duration.toNanos() / 1e9,
                            "offered %.0f/s  ok %,d  err %,d".formatted(rate, ok.get(), errors.get() + shed.get()));
                }
                // one park until the request is due (or the second's sample is): waking every 0.2 ms to look
                // was 5,000 wake-ups a second, on the cores of the platform it measures
                LockSupport.parkNanos(Math.min(intended, nextSample) - now);
            }
            sent++;
            if (!inFlight.tryAcquire()) {
                shed.incrementAndGet();
                record(all, interval, TIMEOUT.toNanos());
                completed.incrementAndGet();
                continue;
            }
            HttpRequest req = request.apply(i);
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long arrived = System.nanoTime();
                inFlight.release();
                record(all, interval, Math.min(arrived - intended, MAX_NANOS - 1));
                completed.incrementAndGet();
                if (failure == null && response.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                    onAnswer.accept(response, arrived);
                }
                else {
                    errors.incrementAndGet();
                    synchronized (firstError) {
                        if (firstError.isEmpty()) {
                            firstError.append(failure != null ? failure.toString()
                                    : response.statusCode() + " " + abbreviate(response.body()));
                        }
                    }
                }
            });
        }
        long sendingEnded = System.nanoTime();
        long deadline = sendingEnded + TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(1);
        while (inFlight.availablePermits() < MAX_IN_FLIGHT && System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (now >= nextSample) {
                intervalCompletedBefore = sample(interval, timeline, completed, intervalCompletedBefore, nextSample);
                nextSample += TimeUnit.SECONDS.toNanos(1);
                progress.update(label, (now - start) / 1e9, duration.toNanos() / 1e9, "draining %d in flight"
                        .formatted(MAX_IN_FLIGHT - inFlight.availablePermits()));
            }
            LockSupport.parkNanos(1_000_000);
        }
        long unanswered = MAX_IN_FLIGHT - inFlight.availablePermits();
        for (long i = 0; i < unanswered; i++) {
            record(all, interval, TIMEOUT.toNanos());
        }
        errors.addAndGet(unanswered);
        sample(interval, timeline, completed, intervalCompletedBefore, System.nanoTime());
        // achieved throughput over the sending window (answers that came later still count, once)
        double seconds = Math.max(duration.toNanos(), sendingEnded - start) / 1e9;
        synchronized (all) {
            return new Result(label, target, rate, seconds, sent, ok.get(), errors.get(), shed.get(), all.copy(),
                    timeline, firstError.toString());
        }
    }

    private long sample(Recorder interval, List<Second> timeline, AtomicLong completed, long before, long at) {
        Histogram h = interval.getIntervalHistogram();
        long now = completed.get();
        if (h.getTotalCount() > 0) {
            timeline.add(new Second((at - benchStartNanos) / 1e9, now - before, h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(99) / 1e6));
        }
        return now;
    }

    private static void record(Histogram all, Recorder interval, long nanos) {
        long value = Math.max(1, Math.min(nanos, MAX_NANOS - 1));
        synchronized (all) {
            all.recordValue(value);
        }
        interval.recordValue(value);
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
