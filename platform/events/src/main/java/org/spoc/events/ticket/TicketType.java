package org.spoc.events.ticket;

public enum TicketType {
    INCIDENT("INC"), SERVICE_REQUEST("REQ");

    private final String numberPrefix;

    TicketType(String numberPrefix) {
        this.numberPrefix = numberPrefix;
    }

    /** Prefix of human-readable ticket numbers, e.g. {@code INC0001234}. */
    public String numberPrefix() {
        return numberPrefix;
    }
}
