package org.spoc.ticket.web;

import org.bson.Document;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.ticket.domain.TicketRepository;

/** Direct looks at the store, to check what a request did (or did not) write. */
final class SpocCollections {

    private SpocCollections() {
    }

    static long countBySourcePrefix(String prefix) {
        return SpocInfrastructure.database().getCollection(TicketRepository.COLLECTION)
                .countDocuments(new Document("sourceId", new Document("$regex", "^" + java.util.regex.Pattern.quote(prefix))));
    }

    static long pendingOutboxDocuments() {
        return SpocInfrastructure.database().getCollection(TicketRepository.COLLECTION)
                .countDocuments(new Document("outbox.0", new Document("$exists", true)));
    }

    static long countByTitle(String title) {
        return SpocInfrastructure.database().getCollection(TicketRepository.COLLECTION)
                .countDocuments(new Document("title", title));
    }
}
