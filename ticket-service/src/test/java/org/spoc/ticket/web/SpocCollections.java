package org.spoc.ticket.web;

import org.bson.Document;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.ticket.domain.TicketRepository;

/** Direct looks at the store, to check what a request did (or did not) write. */
final class SpocCollections {

    private SpocCollections() {
    }

    static long countByTitle(String title) {
        return SpocInfrastructure.database().getCollection(TicketRepository.COLLECTION)
                .countDocuments(new Document("title", title));
    }
}
