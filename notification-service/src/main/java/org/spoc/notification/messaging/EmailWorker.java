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
import java.util.SplittableRandom;

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
 * Sends the e-mails due in {@code notifications}: claims each (a lease, so replicas never send the
 * same one), renders them, sends a pass's e-mails over one SMTP connection, and records each outcome
 * together with its {@code spoc.notification.delivered.v1}/{@code .failed.v1} event in one write. Failures are retried
 * with exponential back-off up to the budget. Also sends each user's daily digest when it is due.
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
    private final SplittableRandom random = new SplittableRandom();
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
        List<String> due = store.dueEmails(now, BATCH);
        List<Notification> claimed = new ArrayList<>();
        for (String id : due) {
            store.claimEmail(id, now.plus(settings.lease())).ifPresent(claimed::add);
        }
        send(claimed);
        if (!now.isBefore(nextDigestCheck)) {
            digests(now);
            nextDigestCheck = now.plus(Duration.ofSeconds(30));
        }
        return due.size() == BATCH;
    }

    /**
     * Sends the claimed e-mails over one SMTP connection (a connection per e-mail cost more than the
     * e-mail), then records each one's outcome: a failure of one e-mail does not fail the others.
     */
    private void send(List<Notification> claimed) {
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
        for (Notification n : claimed) {
            Exception failure = failures.get(n);
            if (failure == null) {
                sent(n, latencyMillis);
            }
            else {
                failed(n, failure, latencyMillis);
            }
        }
    }

    private void sent(Notification n, long latencyMillis) {
        int attempt = n.attempts() + 1;
        Instant now = clock.instant();
        store.emailSent(n.id(), attempt, now, List.of(outcome(EventType.NOTIFICATION_DELIVERED, n, attempt, null,
                latencyMillis, now)));
        metrics.sent(Channel.EMAIL.metricName(), Duration.between(n.eventTime(), now));
    }

    private void failed(Notification n, Exception ex, long latencyMillis) {
        int attempt = n.attempts() + 1;
        Instant now = clock.instant();
        String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        metrics.failed(Channel.EMAIL.metricName());
        if (attempt >= settings.maxAttempts()) {
            log.warn("giving up e-mail {} to {} after {} attempts: {}", n.id(), n.recipient(), attempt, error);
            store.emailFailed(n.id(), attempt, now, error, List.of(outcome(EventType.NOTIFICATION_FAILED, n,
                    attempt, error, latencyMillis, now)));
        }
        else {
            store.emailRetry(n.id(), attempt, now.plus(backoff.delay(attempt, random)), error);
        }
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
