package org.spoc.notification.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.ticket.TicketEvent;

/** Writes one durable delivery per interested webhook for a consumed event; idempotent per (webhook, event). */
public class WebhookFanOut {

    private final WebhookStore webhooks;
    private final WebhookDeliveryStore deliveries;
    private final Clock clock;
    private final Duration retryFor;

    public WebhookFanOut(WebhookStore webhooks, WebhookDeliveryStore deliveries, Clock clock, Duration retryFor) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.clock = clock;
        this.retryFor = retryFor;
    }

    /**
     * Answers how many new deliveries were queued. Each interested webhook's sequence is one counter
     * write; the deliveries are one insert for all webhooks, and on a redelivered event none is new.
     */
    public int enqueue(IncomingEvent event) {
        String team = teamOf(event);
        Instant now = clock.instant();
        Map<String, String> extensions = new LinkedHashMap<>();
        event.headers().forEach((name, value) -> {
            if (name.startsWith("spoc_")) {
                extensions.put(name, value);
            }
        });
        List<WebhookDelivery> owed = new ArrayList<>();
        for (Webhook webhook : webhooks.all()) {
            if (webhook.wants(event.type().type(), team)) {
                owed.add(new WebhookDelivery(NotificationIds.delivery(webhook.id(), event.id()), webhook.id(),
                        event.id(), event.type().type(), event.source(), event.subject(), event.key(), event.time(),
                        event.data(), extensions, deliveries.nextSeq(webhook.id()), WebhookDelivery.State.PENDING, 0,
                        now, now, now.plus(retryFor), null, List.of()));
            }
        }
        return deliveries.insertAll(owed);
    }

    /** The team an event is about, for webhooks filtered by team. */
    static @Nullable String teamOf(IncomingEvent event) {
        String header = event.header(CloudEvent.H_TEAM);
        if (header != null) {
            return header;
        }
        return switch (event.payload()) {
            case TicketEvent t -> t.ticket().assignmentGroup();
            case SlaEvent s -> s.team();
            case EscalationRaised e -> e.team();
            default -> null;
        };
    }
}
