package org.spoc.ticket.domain;

import java.util.List;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.spoc.events.ticket.Level;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The service catalog, in collection {@code catalog}; seeded with the standard items, editable by admins. */
@Component
public class Catalog {

    static final String COLLECTION = "catalog";

    private final MongoTemplate mongo;

    public Catalog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Password reset, new laptop, software install and access to a system. */
    public static List<CatalogItem> standardItems() {
        return List.of(
                new CatalogItem("password-reset", "Password reset",
                        "Reset a forgotten or expired password, or unlock an account.", "service-desk", Level.LOW,
                        Level.HIGH, "access",
                        List.of(FormField.text("account", "Account or system", true),
                                FormField.choice("contact", "How to send the new password", false, "phone", "sms",
                                        "manager")),
                        true),
                new CatalogItem("new-laptop", "New laptop", "A new or replacement laptop.", "desktop-support",
                        Level.LOW, Level.LOW, "hardware",
                        List.of(FormField.choice("model", "Model", true, "standard", "developer", "ultraportable"),
                                FormField.text("reason", "Why", true),
                                FormField.of("neededBy", "Needed by", FormField.FieldType.DATE, false)),
                        true),
                new CatalogItem("software-install", "Software install", "Install licensed or approved software.",
                        "desktop-support", Level.LOW, Level.MEDIUM, "software",
                        List.of(FormField.text("software", "Software", true),
                                FormField.text("version", "Version", false),
                                FormField.of("licenseRequired", "Needs a licence", FormField.FieldType.BOOLEAN,
                                        false)),
                        true),
                new CatalogItem("system-access", "Access to a system", "Access to an application, share or system.",
                        "infrastructure-eng", Level.LOW, Level.MEDIUM, "access",
                        List.of(FormField.text("system", "System", true),
                                FormField.choice("accessLevel", "Access level", true, "read", "write", "admin"),
                                FormField.text("justification", "Business justification", true)),
                        true));
    }

    /** Inserts the standard items that are missing; admins' edits are kept. */
    public void seed() {
        for (CatalogItem item : standardItems()) {
            Document doc = toDocument(item);
            mongo.getCollection(COLLECTION).updateOne(Filters.eq("_id", item.id()), new Document("$setOnInsert", doc),
                    new UpdateOptions().upsert(true));
        }
    }

    public List<CatalogItem> all() {
        seedIfEmpty();
        return mongo.find(new Query().with(Sort.by("name")), CatalogItem.class, COLLECTION);
    }

    public Optional<CatalogItem> find(String id) {
        seedIfEmpty();
        Document doc = mongo.getCollection(COLLECTION).find(Filters.eq("_id", id)).first();
        return Optional.ofNullable(doc).map(d -> mongo.getConverter().read(CatalogItem.class, d));
    }

    /** An emptied store (a wiped database, a fresh test) gets the standard items back. */
    private void seedIfEmpty() {
        if (mongo.getCollection(COLLECTION).estimatedDocumentCount() == 0) {
            seed();
        }
    }

    public void save(CatalogItem item) {
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", item.id()), toDocument(item),
                new ReplaceOptions().upsert(true));
    }

    private Document toDocument(CatalogItem item) {
        Document doc = new Document();
        mongo.getConverter().write(item, doc);
        doc.remove("_class");
        doc.remove("_id");
        return doc;
    }
}
