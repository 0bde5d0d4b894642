package org.spoc.notification.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.kit.web.SafeInput;
import org.spoc.notification.config.NotificationProperties;
import org.spoc.notification.domain.EventTypePattern;
import org.spoc.notification.domain.SsrfGuard;
import org.spoc.notification.domain.Webhook;
import org.spoc.notification.domain.WebhookDelivery;
import org.spoc.notification.domain.WebhookDeliveryStore;
import org.spoc.notification.domain.WebhookSignature;
import org.spoc.notification.domain.WebhookStore;
import org.spoc.notification.messaging.WebhookWorker;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/webhooks}, for admins and managers. A manager registers webhooks for a group they
 * belong to (the {@code team} filter is then required), and sees only their own and their groups'
 * webhooks; an admin sees all. The URL passes the SSRF guard before anything is stored or sent. The
 * secret is returned once, in the registration answer, and never again.
 */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    static final int MIN_SECRET_LENGTH = 16;

    private final WebhookStore webhooks;
    private final WebhookDeliveryStore deliveries;
    private final SsrfGuard guard;
    private final Clock clock;
    private final CircuitBreakerRegistry breakers;
    private final Duration retryFor;
    private final WebhookWorker worker;

    WebhookController(WebhookStore webhooks, WebhookDeliveryStore deliveries, SsrfGuard guard, Clock clock,
            CircuitBreakerRegistry breakers, NotificationProperties properties, WebhookWorker worker) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.guard = guard;
        this.clock = clock;
        this.breakers = breakers;
        this.retryFor = properties.webhooks().retryFor();
        this.worker = worker;
    }

    record Registration(@Nullable String url, @Nullable List<String> eventTypes, @Nullable String team,
            @Nullable String secret) {
    }

    record WebhookView(String id, String url, List<String> eventTypes, @Nullable String team, String owner,
            Instant createdAt) {

        static WebhookView of(Webhook w) {
            return new WebhookView(w.id(), w.url(), w.eventTypes(), w.team(), w.owner(), w.createdAt());
        }
    }

    /** The registration answer: the only time the secret is shown. */
    record Registered(String id, String url, List<String> eventTypes, @Nullable String team, String owner,
            Instant createdAt, String secret) {
    }

    record DeliveryView(String id, String eventId, String eventType, String subject, long seq,
            WebhookDelivery.State state, int attempts, Instant createdAt, Instant nextAttemptAt, Instant retryUntil,
            @Nullable Instant deliveredAt, List<WebhookDelivery.Attempt> log) {

        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.subject(), d.seq(), d.state(), d.attempts(),
                    d.createdAt(), d.nextAttemptAt(), d.retryUntil(), d.deliveredAt(), d.log());
        }
    }

    @PostMapping
    ResponseEntity<Registered> register(CurrentUser user, @RequestBody Registration body) {
        requireManager(user);
        if (body.url() == null || body.url().isBlank()) {
            throw ApiException.badRequest("url", "is required");
        }
        if (body.url().length() > 2048) {
            throw ApiException.badRequest("url", "must be at most 2048 characters");
        }
        try {
            guard.check(body.url());
        }
        catch (SsrfGuard.UnsafeUrlException ex) {
            throw ApiException.badRequest("url", ex.getMessage());
        }
        if (body.eventTypes() == null || body.eventTypes().isEmpty()) {
            throw ApiException.badRequest("eventTypes", "name at least one event type or pattern, e.g. spoc.ticket.*");
        }
        List<String> types = new ArrayList<>();
        for (String type : body.eventTypes()) {
            try {
                types.add(new EventTypePattern(type == null ? "" : type).pattern());
            }
            catch (IllegalArgumentException ex) {
                throw ApiException.badRequest("eventTypes", ex.getMessage());
            }
        }
        String team = body.team() == null || body.team().isBlank() ? null : SafeInput.key("team", body.team());
        if (!user.isAdmin()) {
            if (team == null) {
                throw ApiException.badRequest("team", "managers register webhooks for one of their groups "
                        + user.groups());
            }
            if (!user.inGroup(team)) {
                throw ApiException.forbidden("you may register webhooks only for your groups " + user.groups());
            }
        }
        String secret = body.secret();
        if (secret == null || secret.isBlank()) {
            secret = WebhookSignature.newSecret();
        }
        else if (secret.length() < MIN_SECRET_LENGTH) {
            throw ApiException.badRequest("secret", "must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        Webhook saved = webhooks.insert(new Webhook(UUID.randomUUID().toString(), body.url(), types, team, secret,
                user.username(), clock.instant()));
        return ResponseEntity.created(URI.create("/api/webhooks/" + saved.id())).body(new Registered(saved.id(),
                saved.url(), saved.eventTypes(), saved.team(), saved.owner(), saved.createdAt(), secret));
    }

    @GetMapping
    List<WebhookView> list(CurrentUser user) {
        requireManager(user);
        return webhooks.stored().stream().filter(w -> visible(user, w)).map(WebhookView::of).toList();
    }

    @GetMapping("/{id}")
    WebhookView get(CurrentUser user, @PathVariable String id) {
        return WebhookView.of(visibleWebhook(user, id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable String id) {
        Webhook webhook = visibleWebhook(user, id);
        webhooks.delete(webhook.id());
        deliveries.cancelOpen(webhook.id());
        breakers.remove(webhook.id());
    }

    @GetMapping("/{id}/deliveries")
    List<DeliveryView> deliveries(CurrentUser user, @PathVariable String id,
            @RequestParam(required = false) WebhookDelivery.@Nullable State state,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw ApiException.badRequest("limit", "must be between 1 and 500");
        }
        Webhook webhook = visibleWebhook(user, id);
        return deliveries.of(webhook.id(), state, limit).stream().map(DeliveryView::of).toList();
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryView replay(CurrentUser user, @PathVariable String id, @PathVariable String deliveryId) {
        Webhook webhook = visibleWebhook(user, id);
        WebhookDelivery existing = deliveries.find(webhook.id(), deliveryId)
                .orElseThrow(() -> ApiException.notFound("delivery " + deliveryId));
        Instant now = clock.instant();
        DeliveryView replayed = deliveries.replay(webhook.id(), deliveryId, now, now.plus(retryFor)).map(DeliveryView::of)
                .orElseThrow(() -> ApiException.conflict("only DEAD or DELIVERED deliveries can be replayed; this one is "
                        + existing.state(), java.util.Map.of("state", existing.state().name(),
                                "allowed", List.of("DEAD", "DELIVERED"))));
        worker.wake();
        return replayed;
    }

    private Webhook visibleWebhook(CurrentUser user, String id) {
        requireManager(user);
        return webhooks.find(id).filter(w -> visible(user, w))
                .orElseThrow(() -> ApiException.notFound("webhook " + id));
    }

    private static boolean visible(CurrentUser user, Webhook w) {
        return user.isAdmin() || w.owner().equals(user.username()) || (w.team() != null && user.inGroup(w.team()));
    }

    private static void requireManager(CurrentUser user) {
        if (!user.isManager()) {
            throw ApiException.forbidden("webhooks are managed by admins and managers");
        }
    }
}
