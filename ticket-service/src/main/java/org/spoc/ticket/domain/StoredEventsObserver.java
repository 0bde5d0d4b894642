package org.spoc.ticket.domain;

import java.util.List;

/** Told about events once they are stored (to count metrics). Must not throw. */
public interface StoredEventsObserver {

    void stored(List<RaisedEvent> events);
}
