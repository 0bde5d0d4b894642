package org.spoc.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
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
        ops.createIndex(new Index().on("channel", Sort.Direction.ASC).on("state", Sort.Direction.ASC)
                .on("dueAt", Sort.Direction.ASC).named("mail_queue"));
    }

    /** Inserts a new notification; false when its id exists already (the event was handled before). */
    public boolean insert(Notification notification) {
        try {
            mongo.insert(notification, COLLECTION);
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    /** Whether {@code recipient} already has a notification on {@code channel} that covers {@code eventId}. */
    public boolean covers(String recipient, Channel channel, String eventId) {
        return mongo.exists(Query.query(Criteria.where("recipient").is(recipient).and("channel").is(channel)
                .and("eventIds").is(eventId)), COLLECTION);
    }

    /** The next stream sequence of {@code user}: atomic, strictly increasing. */
    public long nextSeq(String user) {
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(user)),
                new Update().inc("seq", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, SEQUENCES);
        return ((Number) counter.get("seq")).longValue();
    }

    /**
     * The most recent collapsible notification about {@code subject} for the recipient whose last event
     * is at or after {@code since}; for e-mail only one still waiting to be sent.
     */
    public Optional<Notification> collapsible(String recipient, Channel channel, String subject, Instant since) {
        Criteria criteria = Criteria.where("recipient").is(recipient).and("channel").is(channel).and("subject")
                .is(subject).and("kind").in(collapsibleKinds()).and("eventTime").gte(since);
        if (channel == Channel.EMAIL) {
            criteria = criteria.and("state").is(Notification.EmailState.PENDING);
        }
        Query query = Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "eventTime")).limit(1);
        return Optional.ofNullable(mongo.findOne(query, Notification.class, COLLECTION));
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

    /** Ids of e-mails due at {@code now}, earliest first. */
    public List<String> dueEmails(Instant now, int limit) {
        Query query = Query.query(Criteria.where("channel").is(Channel.EMAIL).and("state")
                .is(Notification.EmailState.PENDING).and("dueAt").lte(now)).with(Sort.by("dueAt")).limit(limit);
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    /** Claims a pending e-mail, leasing it until {@code leaseUntil}; empty when another sender took it. */
    public Optional<Notification> claimEmail(String id, Instant leaseUntil) {
        Query query = Query.query(Criteria.where("_id").is(id).and("state").is(Notification.EmailState.PENDING));
        Update update = new Update().set("state", Notification.EmailState.SENDING).set("leaseUntil", leaseUntil);
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
                Notification.class, COLLECTION));
    }

    /** Returns e-mails whose sender died mid-way to the queue. */
    public long releaseExpiredLeases(Instant now) {
        return mongo.updateMulti(Query.query(Criteria.where("channel").is(Channel.EMAIL).and("state")
                .is(Notification.EmailState.SENDING).and("leaseUntil").lt(now)),
                new Update().set("state", Notification.EmailState.PENDING).unset("leaseUntil"), COLLECTION)
                .getModifiedCount();
    }

    /** Records a sent e-mail and its {@code spoc.notification.delivered.v1} in one write. */
    public void emailSent(String id, int attempts, Instant now, List<CloudEvent> events) {
        Update update = new Update().set("state", Notification.EmailState.SENT).set("sentAt", now)
                .set("attempts", attempts).unset("leaseUntil").unset("lastError");
        pushOutbox(update, events);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), update, COLLECTION);
    }

    public void emailRetry(String id, int attempts, Instant dueAt, String error) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                new Update().set("state", Notification.EmailState.PENDING).set("attempts", attempts)
                        .set("dueAt", dueAt).set("lastError", error).unset("leaseUntil"),
                COLLECTION);
    }

    public void emailFailed(String id, int attempts, Instant now, String error, List<CloudEvent> events) {
        Update update = new Update().set("state", Notification.EmailState.FAILED).set("attempts", attempts)
                .set("lastError", error).set("failedAt", now).unset("leaseUntil");
        pushOutbox(update, events);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), update, COLLECTION);
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

    public void digestSent(List<String> ids, Instant now, List<CloudEvent> events) {
        Update update = new Update().set("state", Notification.EmailState.SENT).set("sentAt", now).set("digest", true);
        mongo.updateMulti(Query.query(Criteria.where("_id").in(ids).and("state").is(Notification.EmailState.DIGEST)),
                update, COLLECTION);
        if (!events.isEmpty()) {
            Update outbox = new Update();
            pushOutbox(outbox, events);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(ids.getFirst())), outbox, COLLECTION);
        }
    }

    public long queueDepth(Channel channel) {
        return mongo.count(Query.query(Criteria.where("channel").is(channel).and("state")
                .in(Notification.EmailState.PENDING, Notification.EmailState.SENDING)), COLLECTION);
    }

    private static void pushOutbox(Update update, List<CloudEvent> events) {
        if (!events.isEmpty()) {
            update.push(OutboxEntry.FIELD).each(events.stream().map(OutboxEntry::of).toArray());
        }
    }

    private static Criteria inAppOf(String user) {
        return Criteria.where("recipient").is(user).and("channel").is(Channel.IN_APP);
    }

    private static List<NotificationKind> collapsibleKinds() {
        List<NotificationKind> kinds = new ArrayList<>();
        for (NotificationKind kind : NotificationKind.values()) {
            if (kind.collapsible()) {
                kinds.add(kind);
            }
        }
        return kinds;
    }
}
