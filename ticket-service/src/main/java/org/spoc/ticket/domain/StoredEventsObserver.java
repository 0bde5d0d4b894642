package org.spoc.ticket.domain;

import java.util.List;

/** Told about events once they are stored (to wake the outbox relay, count metrics). Must not throw. */
public interface StoredEventsObserver {

    void stored(List<RaisedEvent> events);
}
