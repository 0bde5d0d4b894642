package org.spoc.notification.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.notification.config.NotificationProperties;
import org.spoc.notification.domain.InboxWatcher;
import org.spoc.notification.domain.Notification;
import org.spoc.notification.domain.NotificationStore;
import org.springframework.context.SmartLifecycle;
import org.spoc.kit.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live in-app notifications over server-sent events. Each event's id is the notification's per-user
 * sequence, so a client that reconnects with {@code Last-Event-ID} gets exactly what it missed (the
 * store is the source, not memory: it survives restarts and works across replicas). A write on this
 * replica pushes at once; writes on other replicas arrive within {@code stream.poll-interval}.
 */
public class NotificationStream implements InboxWatcher, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationStream.class);

    private final NotificationStore store;
    private final NotificationProperties.Stream settings;
    private final Map<String, Set<Subscription>> byUser = new ConcurrentHashMap<>();
    private final ExecutorService pumps = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-timer").daemon().factory());
    private volatile boolean running;

    public NotificationStream(NotificationStore store, NotificationProperties.Stream settings) {
        this.store = store;
        this.settings = settings;
    }

    private final class Subscription {

        final String user;
        final SseEmitter emitter;
        final AtomicBoolean pumping = new AtomicBoolean();
        volatile boolean dirty;
        volatile long lastSeq;

        Subscription(String user, SseEmitter emitter, long lastSeq) {
            this.user = user;
            this.emitter = emitter;
            this.lastSeq = lastSeq;
        }
    }

    /**
     * Opens a stream for {@code user}, resuming after {@code lastEventId} when given, else from now.
     * @throws ApiException 429 when the user has {@code stream.max-per-user} streams open already
     */
    public SseEmitter open(String user, @Nullable Long lastEventId) {
        Set<Subscription> open = byUser.get(user);
        if (open != null && open.size() >= settings.maxPerUser()) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many streams",
                    "at most " + settings.maxPerUser() + " notification streams per user; close one first", Map.of());
        }
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        long from = lastEventId != null ? lastEventId : store.latestSeq(user);
        Subscription sub = new Subscription(user, emitter, from);
        byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(sub);
        Runnable remove = () -> unsubscribe(sub);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("connected").reconnectTime(3_000));
        }
        catch (IOException ex) {
            unsubscribe(sub);
        }
        schedule(sub);
        return emitter;
    }

    @Override
    public void changed(String user) {
        Set<Subscription> subs = byUser.get(user);
        if (subs != null) {
            subs.forEach(this::schedule);
        }
    }

    private void schedule(Subscription sub) {
        sub.dirty = true;
        if (sub.pumping.compareAndSet(false, true)) {
            pumps.execute(() -> drain(sub));
        }
    }

    private void drain(Subscription sub) {
        try {
            while (sub.dirty) {
                sub.dirty = false;
                pump(sub);
            }
        }
        finally {
            sub.pumping.set(false);
            if (sub.dirty && running) {
                schedule(sub);
            }
        }
    }

    private void pump(Subscription sub) {
        List<Notification> changed = store.since(sub.user, sub.lastSeq, settings.replayLimit());
        try {
            for (Notification n : changed) {
                sub.emitter.send(SseEmitter.event().id(Long.toString(n.seq())).name("notification")
                        .data(NotificationView.of(n), MediaType.APPLICATION_JSON));
                sub.lastSeq = n.seq();
            }
        }
        catch (IOException | IllegalStateException ex) {
            log.debug("stream of {} closed: {}", sub.user, ex.toString());
            unsubscribe(sub);
            return;
        }
        if (changed.size() == settings.replayLimit()) {
            sub.dirty = true; // more to replay
        }
    }

    private void unsubscribe(Subscription sub) {
        Set<Subscription> subs = byUser.get(sub.user);
        if (subs != null) {
            subs.remove(sub);
            byUser.computeIfPresent(sub.user, (u, s) -> s.isEmpty() ? null : s);
        }
    }

    private void pollAll() {
        byUser.values().forEach(subs -> subs.forEach(this::schedule));
    }

    private void heartbeat() {
        byUser.values().forEach(subs -> subs.forEach(sub -> {
            try {
                sub.emitter.send(SseEmitter.event().comment("keep-alive"));
            }
            catch (IOException | IllegalStateException ex) {
                unsubscribe(sub);
            }
        }));
    }

    /** Open streams, for metrics and tests. */
    public int connections() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void start() {
        running = true;
        long poll = settings.pollInterval().toMillis();
        long beat = settings.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(this::pollAll, poll, poll, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        byUser.values().forEach(subs -> subs.forEach(sub -> sub.emitter.complete()));
        byUser.clear();
        pumps.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
