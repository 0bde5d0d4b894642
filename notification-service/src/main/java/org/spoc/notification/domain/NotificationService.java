package org.spoc.notification.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an event into notifications for people: the rules pick the people, each person's preferences
 * pick the channels and timing, and each notification is written once under its deterministic id
 * (a redelivered event changes nothing). Collapsible kinds (SLA warning, breach, escalation) of one
 * ticket arriving within the person's collapse window join one notification; e-mails of those kinds
 * wait for the window so the burst becomes one e-mail. Events older than {@code maxEventAge} (an
 * imported history, a replay of old records) inform nobody; webhooks still get them.
 *
 * <p>The store is asked as little as the rules allow, since every event pays for it: everything one
 * event owes is written with one unordered insert, each person's stream sequences are reserved with
 * one counter write, and only collapsible kinds read anything first (one read for all recipients).
 * Live streams and metrics hear only of notifications that are new, so a redelivery wakes nobody.
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
        List<Plan> plans = plan(intents, event, now);
        if (plans.isEmpty()) {
            return intents;
        }
        List<Plan> open = checkCollapses(plans, event);
        Map<String, Long> seqs = reserveSeqs(open);
        Set<String> changed = new LinkedHashSet<>();
        List<Notification> fresh = new ArrayList<>();
        for (Plan plan : open) {
            long seq = plan.channel() == Channel.IN_APP ? seqs.merge(plan.recipient(), 1L, Long::sum) - 1 : 0;
            if (plan.existing() != null && store.absorb(plan.existing(), event.id(), plan.intent().kind(),
                    plan.intent().title(), plan.intent().text(), event.type().type(), event.time(), seq)) {
                if (plan.channel() == Channel.IN_APP) {
                    changed.add(plan.recipient());
                }
                continue;
            }
            fresh.add(plan.notification(event, now, seq)); // nothing to join, or it changed meanwhile
        }
        for (Notification added : store.insertAll(fresh)) {
            if (added.channel() == Channel.IN_APP) {
                metrics.sent(Channel.IN_APP.metricName(), Duration.between(event.time(), now));
                changed.add(added.recipient());
            }
        }
        changed.forEach(watcher::changed);
        return intents;
    }

    /**
     * What each intent becomes on each channel by the person's preferences, at most one per person and
     * channel (the deterministic id allows no second one: the first intent wins, as it always did).
     */
    private List<Plan> plan(List<Intent> intents, IncomingEvent event, Instant now) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Intent intent : intents) {
            Preferences prefs = preferences.of(intent.recipient());
            if (!(prefs.delivery(Channel.IN_APP, intent.kind(), now) instanceof Preferences.Delivery.Skip)) {
                plans.putIfAbsent(intent.recipient() + "\u0000" + Channel.IN_APP,
                        new Plan(intent, Channel.IN_APP, prefs.collapseWindow(), null, null, null, null));
            }
            String address = emailEnabled ? directory.email(intent.recipient()) : null;
            Preferences.Delivery delivery = prefs.delivery(Channel.EMAIL, intent.kind(), now);
            if (address == null || delivery instanceof Preferences.Delivery.Skip) {
                continue;
            }
            Plan email = delivery instanceof Preferences.Delivery.At at
                    ? new Plan(intent, Channel.EMAIL, prefs.collapseWindow(), address, Notification.EmailState.PENDING,
                            intent.kind().collapsible() ? at.at().plus(prefs.collapseWindow()) : at.at(), null)
                    : new Plan(intent, Channel.EMAIL, Duration.ZERO, address, Notification.EmailState.DIGEST, null, null);
            plans.putIfAbsent(intent.recipient() + "\u0000" + Channel.EMAIL, email);
        }
        return List.copyOf(plans.values());
    }

    /**
     * Drops what an earlier delivery of a collapsible event already folded into another notification,
     * and finds for the rest the notification they may join, all in one read. Other kinds need no
     * read: their deterministic id makes the insert itself the check.
     */
    private List<Plan> checkCollapses(List<Plan> plans, IncomingEvent event) {
        if (plans.stream().noneMatch(p -> p.intent().kind().collapsible())) {
            return plans;
        }
        Set<String> recipients = new LinkedHashSet<>();
        Set<String> subjects = new LinkedHashSet<>();
        Instant since = event.time();
        for (Plan plan : plans) {
            if (plan.intent().kind().collapsible()) {
                recipients.add(plan.recipient());
            }
            if (plan.collapses()) {
                subjects.add(plan.intent().subject());
                Instant from = plan.collapseFrom(event);
                since = from.isBefore(since) ? from : since;
            }
        }
        List<Notification> related = store.related(event.id(), recipients, subjects, since);
        List<Plan> open = new ArrayList<>();
        for (Plan plan : plans) {
            if (!plan.intent().kind().collapsible()) {
                open.add(plan);
            }
            else if (related.stream().noneMatch(n -> plan.owns(n) && n.eventIds().contains(event.id()))) {
                open.add(plan.collapses() ? plan.joining(joinable(plan, related, event)) : plan);
            }
        }
        return open;
    }

    /** The most recent notification {@code plan} may join; for e-mail only one still waiting to be sent. */
    private static @Nullable Notification joinable(Plan plan, List<Notification> related, IncomingEvent event) {
        Instant since = plan.collapseFrom(event);
        Notification best = null;
        for (Notification n : related) {
            if (plan.owns(n) && n.kind().collapsible() && n.subject().equals(plan.intent().subject())
                    && !n.eventTime().isBefore(since)
                    && (plan.channel() != Channel.EMAIL || n.state() == Notification.EmailState.PENDING)
                    && (best == null || n.eventTime().isAfter(best.eventTime()))) {
                best = n;
            }
        }
        return best;
    }

    /** One counter write per person for all the in-app notifications this event brings them; the first seq of each. */
    private Map<String, Long> reserveSeqs(List<Plan> plans) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Plan plan : plans) {
            if (plan.channel() == Channel.IN_APP) {
                counts.merge(plan.recipient(), 1, Integer::sum);
            }
        }
        Map<String, Long> first = new HashMap<>();
        counts.forEach((user, count) -> first.put(user, store.reserveSeqs(user, count)));
        return first;
    }

    /**
     * One intent on one channel: for e-mail its address, state and due time; {@code existing} is the
     * collapsed notification it joins, if any.
     */
    private record Plan(Intent intent, Channel channel, Duration collapseWindow, @Nullable String email,
            Notification.@Nullable EmailState state, @Nullable Instant dueAt, @Nullable Notification existing) {

        String recipient() {
            return intent.recipient();
        }

        /** Whether it may join another notification: a collapsible kind, a window, and not held for a digest. */
        boolean collapses() {
            return intent.kind().collapsible() && !collapseWindow.isZero()
                    && state != Notification.EmailState.DIGEST;
        }

        Instant collapseFrom(IncomingEvent event) {
            return event.time().minus(collapseWindow);
        }

        boolean owns(Notification n) {
            return n.recipient().equals(intent.recipient()) && n.channel() == channel;
        }

        Plan joining(@Nullable Notification existing) {
            return new Plan(intent, channel, collapseWindow, email, state, dueAt, existing);
        }

        Notification notification(IncomingEvent event, Instant now, long seq) {
            return new Notification(NotificationIds.notification(event.id(), intent.recipient(), channel),
                    intent.recipient(), channel, intent.kind(), intent.subject(), intent.reference(), intent.title(),
                    intent.text(), List.of(event.id()), event.type().type(), event.time(), now, seq, null, email,
                    state, dueAt, 0, null, null);
        }
    }
}
