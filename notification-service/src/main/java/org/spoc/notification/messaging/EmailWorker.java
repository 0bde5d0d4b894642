package org.spoc.notification.messaging;

import org.spoc.kit.work.PollingWorker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.notification.NotificationOutcome;
import org.spoc.notification.config.NotificationProperties;
import org.spoc.notification.domain.Backoff;
import org.spoc.notification.domain.Channel;
import org.spoc.notification.domain.Directory;
import org.spoc.notification.domain.Notification;
import org.spoc.notification.domain.NotificationMetrics;
import org.spoc.notification.domain.NotificationStore;
import org.spoc.notification.domain.PreferenceStore;
import org.spoc.notification.domain.Preferences;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends the e-mails due in {@code notifications}. A pass claims up to a batch of them in a fixed number
 * of store commands (a lease under the pass's claim token, so replicas never send the same one, and a
 * crashed sender's claims return to the queue when the lease ends), renders them, sends them over one
 * SMTP connection, and records all their outcomes, each with its
 * {@code spoc.notification.delivered.v1}/{@code .failed.v1} event, in one bulk write. Failures are
 * retried with exponential back-off up to the budget. Also sends each user's daily digest when it is due.
 */
public class EmailWorker extends PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(EmailWorker.class);
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail looks up its StreamProvider for every body part it creates or writes: unless this
        // property names it, by a ServiceLoader scan of the whole class path (a quarter of this service's
        // CPU in the bench). Named, it is a Class.forName.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }
    private static final int BATCH = 50;

    private final NotificationStore store;
    private final PreferenceStore preferences;
    private final Directory directory;
    private final JavaMailSender mail;
    private final MailTemplates templates;
    private final NotificationProperties.Mail settings;
    private final Backoff backoff;
    private final Clock clock;
    private final NotificationMetrics metrics;
    private Instant nextDigestCheck = Instant.MIN;
    private final Throttle housekeeping = new Throttle(Duration.ofSeconds(5));

    public EmailWorker(NotificationStore store, PreferenceStore preferences, Directory directory, JavaMailSender mail,
            MailTemplates templates, NotificationProperties.Mail settings, Clock clock, NotificationMetrics metrics) {
        super("email-worker", settings.pollInterval());
        this.store = store;
        this.preferences = preferences;
        this.directory = directory;
        this.mail = mail;
        this.templates = templates;
        this.settings = settings;
        this.backoff = settings.backoff().toBackoff();
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    protected boolean pass() {
        Instant now = clock.instant();
        if (housekeeping.due()) {
            store.releaseExpiredLeases(now);
            metrics.queueDepth(Channel.EMAIL.metricName(), store.queueDepth(Channel.EMAIL));
        }
        NotificationStore.EmailClaim claim = store.claimDueEmails(now, BATCH, now.plus(settings.lease()));
        send(claim);
        if (!now.isBefore(nextDigestCheck)) {
            digests(now);
            nextDigestCheck = now.plus(Duration.ofSeconds(30));
        }
        return claim.full();
    }

    /**
     * Sends the claimed e-mails over one SMTP connection (a connection per e-mail cost more than the
     * e-mail), then records every outcome in one write: a failure of one e-mail does not fail the others.
     */
    private void send(NotificationStore.EmailClaim claim) {
        List<Notification> claimed = claim.emails();
        if (claimed.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Map<MimeMessage, Notification> messages = new IdentityHashMap<>();
        Map<Notification, Exception> failures = new IdentityHashMap<>();
        for (Notification n : claimed) {
            try {
                messages.put(message(n.email(), templates.single(n), n.id()), n);
            }
            catch (MessagingException | RuntimeException ex) {
                failures.put(n, ex);
            }
        }
        if (!messages.isEmpty()) {
            try {
                mail.send(messages.keySet().toArray(MimeMessage[]::new));
            }
            catch (MailSendException ex) {
                // the e-mails it names failed; none named: all went out, closing the connection failed
                ex.getFailedMessages().forEach((message, error) -> failures.put(messages.get(message), error));
                if (ex.getFailedMessages().isEmpty()) {
                    log.warn("e-mails sent, but the SMTP connection did not close cleanly: {}", ex.getMessage());
                }
            }
            catch (MailException ex) {
                messages.values().forEach(n -> failures.put(n, ex));
            }
        }
        long latencyMillis = millisSince(started);
        Instant now = clock.instant();
        List<NotificationStore.EmailOutcome> outcomes = new ArrayList<>(claimed.size());
        for (Notification n : claimed) {
            Exception failure = failures.get(n);
            outcomes.add(failure == null ? sent(n, latencyMillis, now) : failed(n, failure, latencyMillis, now));
        }
        store.recordEmails(claim.token(), outcomes);
        for (Notification n : claimed) {
            if (!failures.containsKey(n)) {
                metrics.sent(Channel.EMAIL.metricName(), Duration.between(n.eventTime(), now));
            }
        }
    }

    private NotificationStore.EmailOutcome sent(Notification n, long latencyMillis, Instant now) {
        int attempt = n.attempts() + 1;
        return new NotificationStore.EmailOutcome.Sent(n.id(), attempt, now,
                outcome(EventType.NOTIFICATION_DELIVERED, n, attempt, null, latencyMillis, now));
    }

    private NotificationStore.EmailOutcome failed(Notification n, Exception ex, long latencyMillis, Instant now) {
        int attempt = n.attempts() + 1;
        String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        metrics.failed(Channel.EMAIL.metricName());
        if (attempt >= settings.maxAttempts()) {
            log.warn("giving up e-mail {} to {} after {} attempts: {}", n.id(), n.recipient(), attempt, error);
            return new NotificationStore.EmailOutcome.Failed(n.id(), attempt, now, error,
                    outcome(EventType.NOTIFICATION_FAILED, n, attempt, error, latencyMillis, now));
        }
        return new NotificationStore.EmailOutcome.Retry(n.id(), attempt, now.plus(backoff.delay(attempt, ThreadLocalRandom.current())),
                error);
    }

    private void digests(Instant now) {
        for (String recipient : store.digestRecipients()) {
            Preferences prefs = preferences.of(recipient);
            LocalDate lastSent = preferences.lastDigestOn(recipient).orElse(null);
            // a user who switched the digest off gets what was held at once
            if (prefs.digest().enabled() && !prefs.digest().due(now, prefs.zone(), lastSent)) {
                continue;
            }
            List<Notification> items = store.digestOf(recipient, settings.digestLimit());
            String address = directory.email(recipient);
            if (items.isEmpty() || address == null) {
                continue;
            }
            long started = System.nanoTime();
            try {
                mail.send(message(address, templates.digest(recipient, items), "digest-" + items.getFirst().id()));
                Instant sentAt = clock.instant();
                store.digestSent(items.stream().map(Notification::id).toList(), sentAt,
                        List.of(outcome(EventType.NOTIFICATION_DELIVERED, items.getFirst(), 1, null,
                                millisSince(started), sentAt)));
                preferences.digestSentOn(recipient, now.atZone(prefs.zone()).toLocalDate());
                metrics.sent(Channel.EMAIL.metricName(), Duration.between(items.getFirst().eventTime(), sentAt));
            }
            catch (MailException | MessagingException ex) {
                metrics.failed(Channel.EMAIL.metricName());
                log.warn("digest for {} failed, retrying on a later pass: {}", recipient, ex.toString());
            }
        }
    }

    private MimeMessage message(@Nullable String to, MailTemplates.Rendered rendered, String id)
            throws MessagingException {
        if (to == null) {
            throw new MessagingException("no e-mail address");
        }
        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
        helper.setFrom(settings.from());
        helper.setTo(to);
        helper.setSubject(rendered.subject());
        helper.setText(rendered.text(), rendered.html());
        message.setHeader("X-Spoc-Notification-Id", id);
        return message;
    }

    private static CloudEvent outcome(EventType type, Notification n, int attempts, @Nullable String error,
            long latencyMillis, Instant at) {
        return CloudEvent.of(type, n.subject(), new NotificationOutcome(n.id(), "email", n.recipient(),
                n.eventIds().getFirst(), n.eventType(), n.title(), attempts, null, error, latencyMillis, at), at);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
