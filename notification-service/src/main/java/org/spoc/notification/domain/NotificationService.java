package org.spoc.notification.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an event into notifications for people: the rules pick the people, each person's preferences
 * pick the channels and timing, and each notification is written once under its deterministic id
 * (a redelivered event changes nothing). Collapsible kinds (SLA warning, breach, escalation) of one
 * ticket arriving within the person's collapse window join one notification; e-mails of those kinds
 * wait for the window so the burst becomes one e-mail. Events older than {@code maxEventAge} (an
 * imported history, a replay of old records) inform nobody; webhooks still get them.
 */
public class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    private final NotificationRules rules;
    private final PreferenceStore preferences;
    private final NotificationStore store;
    private final Directory directory;
    private final Clock clock;
    private final Duration maxEventAge;
    private final InboxWatcher watcher;
    private final NotificationMetrics metrics;
    private final boolean emailEnabled;

    public NotificationService(NotificationRules rules, PreferenceStore preferences, NotificationStore store,
            Directory directory, Clock clock, Duration maxEventAge, InboxWatcher watcher, NotificationMetrics metrics,
            boolean emailEnabled) {
        this.rules = rules;
        this.preferences = preferences;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.maxEventAge = maxEventAge;
        this.watcher = watcher;
        this.metrics = metrics;
        this.emailEnabled = emailEnabled;
    }

    /** Handles one event; safe to call again with the same event. Answers the intents it acted on. */
    public List<Intent> handle(IncomingEvent event) {
        Instant now = clock.instant();
        if (event.time().isBefore(now.minus(maxEventAge))) {
            log.debug("event {} ({}) of {} is older than {}: nobody is notified", event.id(), event.type().type(),
                    event.time(), maxEventAge);
            return List.of();
        }
        List<Intent> intents = rules.intentsFor(event);
        for (Intent intent : intents) {
            Preferences prefs = preferences.of(intent.recipient());
            inApp(intent, event, prefs, now);
            if (emailEnabled) {
                email(intent, event, prefs, now);
            }
        }
        return intents;
    }

    private void inApp(Intent intent, IncomingEvent event, Preferences prefs, Instant now) {
        if (prefs.delivery(Channel.IN_APP, intent.kind(), now) instanceof Preferences.Delivery.Skip
                || absorbedBefore(intent, Channel.IN_APP, event)) {
            return;
        }
        if (collapsed(intent, event, prefs, Channel.IN_APP)) {
            watcher.changed(intent.recipient());
            return;
        }
        long seq = store.nextSeq(intent.recipient());
        Notification notification = new Notification(
                NotificationIds.notification(event.id(), intent.recipient(), Channel.IN_APP), intent.recipient(),
                Channel.IN_APP, intent.kind(), intent.subject(), intent.reference(), intent.title(), intent.text(),
                List.of(event.id()), event.type().type(), event.time(), now, seq, null, null, null, null, 0, null,
                null);
        if (store.insert(notification)) {
            metrics.sent(Channel.IN_APP.metricName(), Duration.between(event.time(), now));
            watcher.changed(intent.recipient());
        }
    }

    private void email(Intent intent, IncomingEvent event, Preferences prefs, Instant now) {
        String address = directory.email(intent.recipient());
        Preferences.Delivery delivery = prefs.delivery(Channel.EMAIL, intent.kind(), now);
        if (address == null || delivery instanceof Preferences.Delivery.Skip
                || absorbedBefore(intent, Channel.EMAIL, event)) {
            return;
        }
        Notification.EmailState state;
        Instant dueAt;
        if (delivery instanceof Preferences.Delivery.At at) {
            state = Notification.EmailState.PENDING;
            dueAt = intent.kind().collapsible() ? at.at().plus(prefs.collapseWindow()) : at.at();
            if (collapsed(intent, event, prefs, Channel.EMAIL)) {
                return;
            }
        }
        else {
            state = Notification.EmailState.DIGEST;
            dueAt = null;
        }
        store.insert(new Notification(NotificationIds.notification(event.id(), intent.recipient(), Channel.EMAIL),
                intent.recipient(), Channel.EMAIL, intent.kind(), intent.subject(), intent.reference(), intent.title(),
                intent.text(), List.of(event.id()), event.type().type(), event.time(), now, 0, null, address, state,
                dueAt, 0, null, null));
    }

    /**
     * Whether a collapsible event was folded into another notification on an earlier delivery. Other
     * kinds need no look-up: their deterministic id makes the insert itself the check.
     */
    private boolean absorbedBefore(Intent intent, Channel channel, IncomingEvent event) {
        return intent.kind().collapsible() && store.covers(intent.recipient(), channel, event.id());
    }

    private boolean collapsed(Intent intent, IncomingEvent event, Preferences prefs, Channel channel) {
        if (!intent.kind().collapsible() || prefs.collapseWindow().isZero()) {
            return false;
        }
        Optional<Notification> existing = store.collapsible(intent.recipient(), channel, intent.subject(),
                event.time().minus(prefs.collapseWindow()));
        if (existing.isEmpty()) {
            return false;
        }
        long seq = channel == Channel.IN_APP ? store.nextSeq(intent.recipient()) : 0;
        return store.absorb(existing.get(), event.id(), intent.kind(), intent.title(), intent.text(),
                event.type().type(), event.time(), seq);
    }
}
