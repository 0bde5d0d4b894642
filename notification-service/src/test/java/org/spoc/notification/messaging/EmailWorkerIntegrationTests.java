package org.spoc.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spoc.events.EventType;
import org.spoc.notification.StoreCommands;
import org.spoc.notification.config.NotificationProperties;
import org.spoc.notification.domain.Channel;
import org.spoc.notification.domain.Directory;
import org.spoc.notification.domain.Notification;
import org.spoc.notification.domain.NotificationKind;
import org.spoc.notification.domain.NotificationMetrics;
import org.spoc.notification.domain.NotificationStore;
import org.spoc.notification.domain.PreferenceStore;
import org.spoc.notification.domain.Preferences;
import org.spoc.testkit.MutableClock;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The e-mail sender's passes against the store, with an SMTP stand-in that records what it is given:
 * the commands a pass sends are counted by a driver command listener, time is a {@link MutableClock}.
 */
@SpocIntegrationTest
class EmailWorkerIntegrationTests {

    static final StoreCommands COMMANDS = new StoreCommands();
    static final String NOTIFICATIONS = NotificationStore.COLLECTION;
    static final Duration LEASE = Duration.ofMinutes(2);

    final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    final MongoTemplate mongo = COMMANDS.template("email-worker");
    final Directory directory = new Directory(Map.of("broken", new Directory.Person("broken@invalid", null)),
            Map.of(), List.of(), "spoc.local", ZoneOffset.UTC);
    final RecordingMailSender smtp = new RecordingMailSender();
    NotificationStore store;

    /** Takes every message; those to {@code broken@invalid} fail as a relay refusing them would. */
    static final class RecordingMailSender extends JavaMailSenderImpl {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void send(MimeMessage... messages) {
            List<String> to = new ArrayList<>();
            Map<Object, Exception> failed = new LinkedHashMap<>();
            for (MimeMessage message : messages) {
                try {
                    String address = message.getAllRecipients()[0].toString();
                    to.add(address);
                    if (address.equals("broken@invalid")) {
                        failed.put(message, new MessagingException("550 no such mailbox"));
                    }
                }
                catch (MessagingException ex) {
                    failed.put(message, ex);
                }
            }
            batches.add(to);
            if (!failed.isEmpty()) {
                throw new MailSendException(failed);
            }
        }
    }

    @BeforeEach
    void freshDatabase() {
        mongo.getDb().drop();
        store = new NotificationStore(mongo);
        store.createIndexes();
        COMMANDS.reset();
    }

    @AfterAll
    static void closeClient() {
        COMMANDS.close();
    }

    EmailWorker worker() {
        Preferences defaults = new Preferences("*", ZoneOffset.UTC, Map.of(),
                new Preferences.DailyDigest(false, LocalTime.of(8, 0)),
                new Preferences.QuietHours(false, LocalTime.of(22, 0), LocalTime.of(7, 0)), Duration.ofSeconds(30));
        NotificationProperties.Mail settings = new NotificationProperties.Mail(true, "SPOC <spoc@spoc.local>",
                Duration.ofMillis(500), 3, new NotificationProperties.BackoffSettings(Duration.ofSeconds(30), 2.0,
                        Duration.ofMinutes(30), 0.0), LEASE, 200);
        return new EmailWorker(store, new PreferenceStore(mongo, defaults, directory, clock, Duration.ofSeconds(5)),
                directory, smtp, new MailTemplates(), settings, clock, new NotificationMetrics(new SimpleMeterRegistry()));
    }

    /** E-mails due now, one per recipient, written as the service writes them. */
    List<String> dueEmails(List<String> recipients) {
        List<Notification> emails = new ArrayList<>();
        Instant now = clock.instant();
        for (String recipient : recipients) {
            String eventId = UUID.randomUUID().toString();
            emails.add(new Notification(UUID.randomUUID().toString(), recipient, Channel.EMAIL,
                    NotificationKind.TICKET_OPENED, "ticket-" + recipient, "INC0000001", "INC0000001 received",
                    "We received it.", List.of(eventId), EventType.TICKET_OPENED.type(), now.minusSeconds(5),
                    now.minusSeconds(5), 0, null, directory.email(recipient), Notification.EmailState.PENDING,
                    now.minusSeconds(1), 0, null, null));
        }
        assertThat(store.insertAll(emails)).hasSameSizeAs(emails);
        COMMANDS.reset();
        return emails.stream().map(Notification::id).toList();
    }

    Document stored(String id) {
        return mongo.getCollection(NOTIFICATIONS).find(new Document("_id", id)).first();
    }

    @Test
    void claimsAndRecordsAPassOfManyEmailsInAFixedNumberOfCommands() {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            recipients.add("user" + i);
        }
        recipients.add("broken");
        List<String> ids = dueEmails(recipients);

        worker().pass();

        assertThat(smtp.batches).singleElement().satisfies(batch -> assertThat(batch).hasSize(12));
        // whatever the batch: due ids, claim, claimed e-mails by token, outcomes (and the lease sweep)
        assertThat(COMMANDS.count("findAndModify", NOTIFICATIONS)).isZero();
        assertThat(COMMANDS.count("find", NOTIFICATIONS)).isEqualTo(2);
        assertThat(COMMANDS.count("update", NOTIFICATIONS)).as("lease sweep, claim, outcomes").isEqualTo(3);
        for (String id : ids.subList(0, 11)) {
            Document sent = stored(id);
            assertThat(sent.getString("state")).isEqualTo("SENT");
            assertThat(sent.getInteger("attempts")).isEqualTo(1);
            assertThat(sent.getList("outbox", Document.class)).singleElement()
                    .satisfies(e -> assertThat(e.getString("type")).isEqualTo(EventType.NOTIFICATION_DELIVERED.type()));
            assertThat(sent).doesNotContainKeys("leaseUntil", "mailClaim");
        }
        Document retry = stored(ids.getLast());
        assertThat(retry.getString("state")).isEqualTo("PENDING");
        assertThat(retry.getInteger("attempts")).isEqualTo(1);
        assertThat(retry.getString("lastError")).contains("550 no such mailbox");
        assertThat(retry.getDate("dueAt").toInstant()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(retry).doesNotContainKeys("outbox", "leaseUntil", "mailClaim");
    }

    @Test
    void leavesAnotherSendersClaimAloneUntilItsLeaseEndsAndIgnoresThatSendersLateRecord() {
        List<String> ids = dueEmails(List.of("alice", "bob", "carol"));
        // another replica claims them, then dies before sending
        NotificationStore.EmailClaim crashed = store.claimDueEmails(clock.instant(), 50, clock.instant().plus(LEASE));
        assertThat(crashed.emails()).hasSize(3);
        EmailWorker worker = worker();

        worker.pass();

        assertThat(smtp.batches).isEmpty();
        assertThat(ids).allSatisfy(id -> assertThat(stored(id).getString("state")).isEqualTo("SENDING"));

        clock.advance(LEASE.plusSeconds(1));
        assertThat(store.releaseExpiredLeases(clock.instant())).isEqualTo(3);
        worker.pass();

        assertThat(smtp.batches).singleElement().satisfies(batch -> assertThat(batch).hasSize(3));
        assertThat(ids).allSatisfy(id -> assertThat(stored(id).getString("state")).isEqualTo("SENT"));

        // the first replica wakes up and records its outcome: it no longer holds the claim
        store.recordEmails(crashed.token(), List.of(new NotificationStore.EmailOutcome.Retry(ids.getFirst(), 1,
                clock.instant().plusSeconds(30), "late")));
        Document first = stored(ids.getFirst());
        assertThat(first.getString("state")).isEqualTo("SENT");
        assertThat(first).doesNotContainKey("lastError");
        assertThat(first.getList("outbox", Document.class)).hasSize(1);
    }
}
