package org.spoc.escalation.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.spoc.escalation.messaging.EscalationBroadcast;
import org.spoc.events.EventType;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open server-sent-event streams of this replica. Stopped before the web server's graceful
 * shutdown, so open streams end at once instead of holding the shutdown until its timeout.
 */
@Component
class EscalationStreams implements SmartLifecycle {

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    SseEmitter open(@Nullable String team) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscriber subscriber = new Subscriber(team, emitter);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(ex -> subscribers.remove(subscriber));
        try {
            emitter.send(SseEmitter.event().comment("subscribed" + (team == null ? "" : " to " + team)));
        }
        catch (IOException ex) {
            subscribers.remove(subscriber);
        }
        return emitter;
    }

    @EventListener
    void on(EscalationBroadcast broadcast) {
        for (Subscriber s : subscribers) {
            if (s.team() != null && !s.team().equals(broadcast.escalation().team())) {
                continue;
            }
            try {
                s.emitter().send(SseEmitter.event().id(broadcast.eventId()).name(EventType.ESCALATION_RAISED.type())
                        .data(broadcast.escalation(), MediaType.APPLICATION_JSON));
            }
            catch (IOException | IllegalStateException ex) {
                subscribers.remove(s);
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        for (Subscriber s : subscribers) {
            s.emitter().complete();
        }
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server (graceful shutdown waits for open requests). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private record Subscriber(@Nullable String team, SseEmitter emitter) {
    }
}
