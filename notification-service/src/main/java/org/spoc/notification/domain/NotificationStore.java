package org.spoc.notification.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** The {@code notifications} collection: inbox entries and e-mails, with per-user stream sequences. */
public class NotificationStore {

    public static final String COLLECTION = "notifications";
    static final String SEQUENCES = "notification_sequences";
    /** The token of the e-mail sender pass that holds an e-mail's lease. */
    static final String MAIL_CLAIM = "mailClaim";
    private static final List<NotificationKind> COLLAPSIBLE_KINDS = Arrays.stream(NotificationKind.values())
            .filter(NotificationKind::collapsible).toList();

    private final MongoTemplate mongo;

    public NotificationStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void createIndexes() {
        var ops = mongo.indexOps(COLLECTION);
        ops.createIndex(new Index().on("recipient", Sort.Direction.ASC).on("channel", Sort.Direction.ASC)
                .on("seq", Sort.Direction.DESC).named("inbox"));
        ops.createIndex(new Index().on("recipient", Sort.Direction.ASC).on("eventIds", Sort.Direction.ASC)
                .named("recipient_events"));
        ops.createIndex(new Index().on("subject", Sort.Direction.ASC).on("recipient", Sort.Direction.ASC)
                .named("subject_recipients"));
        ops.createIndex(new Index().on("channel", Sort.Direction.ASC).on("state", Sort.Direction.ASC)
                .on("dueAt", Sort.Direction.ASC).named("mail_queue"));
    }

    /**
     * Inserts what one event owes, in-app and e-mail, in one unordered write; answers the notifications
     * that are new. One whose id exists already (the event was handled before) is left out, not an error.
     */
    public List<Notification> insertAll(List<Notification> notifications) {
        return UnorderedInsert.newOnes(mongo, COLLECTION, notifications);
    }

    /**
     * Reserves {@code count} consecutive stream sequences of {@code user} in one atomic write, so the
     * notifications one event brings a person cost one counter update; answers the first of them.
     */
    public long reserveSeqs(String user, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("reserve at least one sequence");
        }
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(user)),
                new Update().inc("seq", (long) count), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, SEQUENCES);
        return ((Number) counter.get("seq")).longValue() - count + 1;
    }

    /**
     * What a collapsible event needs to know about its recipients: their notifications that already list
     * {@code eventId} (it was folded in on an earlier delivery), and their collapsible notifications about
     * one of {@code subjects} whose last event is at or after {@code since} (what it may join). The caller
     * picks per person and channel. Two reads, each served by an index that narrows it to what it asks
     * for: one {@code $or} read every notification the recipients ever had (40-70 ms an event at 20,000 in
     * the stack's store).
     */
    public List<Notification> related(String eventId, Collection<String> recipients, Collection<String> subjects,
            Instant since) {
        Map<String, Notification> related = new LinkedHashMap<>();
        Query listingTheEvent = Query.query(Criteria.where("recipient").in(recipients).and("eventIds").is(eventId));
        Query joinable = Query.query(Criteria.where("subject").in(subjects).and("recipient").in(recipients)
                .and("kind").in(COLLAPSIBLE_KINDS).and("eventTime").gte(since));
        for (Query query : List.of(listingTheEvent, joinable)) {
            mongo.find(query, Notification.class, COLLECTION).forEach(n -> related.putIfAbsent(n.id(), n));
        }
        return List.copyOf(related.values());
    }

    /**
     * Folds another event into a collapsed notification, unless it is already there; for e-mail only
     * while it is still pending. Answers whether it changed.
     */
    public boolean absorb(Notification existing, String eventId, NotificationKind kind, String title, String text,
            String eventType, Instant eventTime, long seq) {
        Criteria criteria = Criteria.where("_id").is(existing.id()).and("eventIds").ne(eventId);
        if (existing.channel() == Channel.EMAIL) {
            criteria = criteria.and("state").is(Notification.EmailState.PENDING);
        }
        Update update = new Update().push("eventIds", eventId).set("text", existing.text() + "\n\n" + text);
        if (kind.burstSeverity() >= existing.kind().burstSeverity()) {
            update.set("kind", kind).set("title", title).set("eventType", eventType);
        }
        if (eventTime.isAfter(existing.eventTime())) {
            update.set("eventTime", eventTime);
        }
        if (existing.channel() == Channel.IN_APP) {
            update.set("seq", seq).unset("readAt");
        }
        return mongo.updateFirst(Query.query(criteria), update, COLLECTION).getModifiedCount() == 1;
    }

    public List<Notification> inbox(String user, int limit, @Nullable Long beforeSeq) {
        Criteria criteria = inAppOf(user);
        if (beforeSeq != null) {
            criteria = criteria.and("seq").lt(beforeSeq);
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "seq")).limit(limit),
                Notification.class, COLLECTION);
    }

    public long unread(String user) {
        return mongo.count(Query.query(inAppOf(user).and("readAt").isNull()), COLLECTION);
    }

    /** In-app notifications of {@code user} changed after stream sequence {@code afterSeq}, oldest first. */
    public List<Notification> since(String user, long afterSeq, int limit) {
        return mongo.find(Query.query(inAppOf(user).and("seq").gt(afterSeq))
                .with(Sort.by(Sort.Direction.ASC, "seq")).limit(limit), Notification.class, COLLECTION);
    }

    public long latestSeq(String user) {
        Document counter = mongo.findById(user, Document.class, SEQUENCES);
        return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
    }

    /** Marks one of the user's own in-app notifications read; empty when the user has no such notification. */
    public Optional<Notification> markRead(String user, String id, Instant now) {
        Query query = Query.query(inAppOf(user).and("_id").is(id));
        Notification found = mongo.findOne(query, Notification.class, COLLECTION);
        if (found == null) {
            return Optional.empty();
        }
        if (found.readAt() == null) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("readAt").isNull()),
                    new Update().set("readAt", now), COLLECTION);
        }
        return Optional.ofNullable(mongo.findOne(query, Notification.class, COLLECTION));
    }

    public long markAllRead(String user, Instant now) {
        return mongo.updateMulti(Query.query(inAppOf(user).and("readAt").isNull()), new Update().set("readAt", now),
                COLLECTION).getModifiedCount();
    }

    // --- e-mail queue ---

    /**
     * Claims up to {@code limit} e-mails due at {@code now}, earliest first, leasing them until
     * {@code leaseUntil} under a fresh claim token, in a fixed number of commands whatever the batch: the
     * due ids in one read, the claim in one write (only e-mails still pending and due: what another
     * replica claimed in between stays theirs), the claimed e-mails in one read by token (as they are
     * once claimed, with anything a collapse folded in before). A lone due e-mail is claimed and read in
     * one {@code findAndModify}. A sender that dies leaves its claims to {@link #releaseExpiredLeases}.
     */
    public EmailClaim claimDueEmails(Instant now, int limit, Instant leaseUntil) {
        Query dueQuery = Query.query(due(now)).with(Sort.by("dueAt")).limit(limit);
        dueQuery.fields().include("_id");
        List<String> ids = mongo.find(dueQuery, Document.class, COLLECTION).stream().map(d -> d.getString("_id"))
                .toList();
        TokenClaim.Claimed<Notification> claimed = TokenClaim.claim(mongo, COLLECTION, Notification.class, ids,
                due(now), new Update().set("state", Notification.EmailState.SENDING).set("leaseUntil", leaseUntil),
                MAIL_CLAIM, Sort.by("dueAt"));
        return new EmailClaim(claimed.token(), claimed.items(), ids.size() == limit);
    }

    /**
     * The e-mails one pass claimed: {@code token} marks them as this pass's, {@code full} says the batch
     * was full, so more may be due at once.
     */
    public record EmailClaim(String token, List<Notification> emails, boolean full) {

        public EmailClaim {
            emails = List.copyOf(emails);
        }
    }

    /** Returns e-mails whose sender died mid-way to the queue. */
    public long releaseExpiredLeases(Instant now) {
        return mongo.updateMulti(Query.query(Criteria.where("channel").is(Channel.EMAIL).and("state")
                .is(Notification.EmailState.SENDING).and("leaseUntil").lt(now)),
                new Update().set("state", Notification.EmailState.PENDING).unset("leaseUntil").unset(MAIL_CLAIM),
                COLLECTION).getModifiedCount();
    }

    /**
     * What one claimed e-mail came to; a sent or finally failed one carries its
     * {@code spoc.notification.delivered.v1} / {@code .failed.v1}, written in the same update.
     */
    public sealed interface EmailOutcome {

        String id();

        record Sent(String id, int attempts, Instant at, CloudEvent delivered) implements EmailOutcome {
        }

        /** Failed; tried again at {@code dueAt}. */
        record Retry(String id, int attempts, Instant dueAt, String error) implements EmailOutcome {
        }

        /** Failed and out of attempts. */
        record Failed(String id, int attempts, Instant at, String error, CloudEvent failed) implements EmailOutcome {
        }
    }

    /**
     * Records a pass's outcomes, each with its outcome event, in one unordered bulk write. Each update
     * applies only while the e-mail still carries this pass's claim {@code token}: when the lease ran out
     * and another sender claimed it, that sender's record is the one that counts.
     */
    public void recordEmails(String token, List<EmailOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        for (EmailOutcome outcome : outcomes) {
            Update update = switch (outcome) {
                case EmailOutcome.Sent sent -> pushOutbox(new Update().set("state", Notification.EmailState.SENT)
                        .set("sentAt", sent.at()).set("attempts", sent.attempts()).unset("lastError"),
                        List.of(sent.delivered()));
                case EmailOutcome.Retry retry -> new Update().set("state", Notification.EmailState.PENDING)
                        .set("attempts", retry.attempts()).set("dueAt", retry.dueAt()).set("lastError", retry.error());
                case EmailOutcome.Failed failed -> pushOutbox(new Update().set("state", Notification.EmailState.FAILED)
                        .set("attempts", failed.attempts()).set("lastError", failed.error()).set("failedAt", failed.at()),
                        List.of(failed.failed()));
            };
            bulk.updateOne(Query.query(Criteria.where("_id").is(outcome.id()).and(MAIL_CLAIM).is(token)),
                    update.unset("leaseUntil").unset(MAIL_CLAIM));
        }
        bulk.execute();
    }

    /** Recipients with e-mails held for a digest. */
    public List<String> digestRecipients() {
        return mongo.findDistinct(Query.query(Criteria.where("channel").is(Channel.EMAIL).and("state")
                .is(Notification.EmailState.DIGEST)), "recipient", COLLECTION, String.class);
    }

    public List<Notification> digestOf(String recipient, int limit) {
        return mongo.find(Query.query(Criteria.where("channel").is(Channel.EMAIL).and("state")
                .is(Notification.EmailState.DIGEST).and("recipient").is(recipient))
                .with(Sort.by("eventTime")).limit(limit), Notification.class, COLLECTION);
    }

    /** Marks a digest's e-mails sent and writes its outcome events to the first of them, in one bulk write. */
    public void digestSent(List<String> ids, Instant now, List<CloudEvent> events) {
        Update update = new Update().set("state", Notification.EmailState.SENT).set("sentAt", now).set("digest", true);
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, COLLECTION)
                .updateMulti(Query.query(Criteria.where("_id").in(ids).and("state").is(Notification.EmailState.DIGEST)),
                        update);
        if (!events.isEmpty()) {
            bulk.updateOne(Query.query(Criteria.where("_id").is(ids.getFirst())), pushOutbox(new Update(), events));
        }
        bulk.execute();
    }

    public long queueDepth(Channel channel) {
        return mongo.count(Query.query(Criteria.where("channel").is(channel).and("state")
                .in(Notification.EmailState.PENDING, Notification.EmailState.SENDING)), COLLECTION);
    }

    private static Update pushOutbox(Update update, List<CloudEvent> events) {
        if (!events.isEmpty()) {
            update.push(OutboxEntry.FIELD).each(events.stream().map(OutboxEntry::of).toArray());
        }
        return update;
    }

    private static Criteria due(Instant now) {
        return Criteria.where("channel").is(Channel.EMAIL).and("state").is(Notification.EmailState.PENDING)
                .and("dueAt").lte(now);
    }

    private static Criteria inAppOf(String user) {
        return Criteria.where("recipient").is(user).and("channel").is(Channel.IN_APP);
    }

}
