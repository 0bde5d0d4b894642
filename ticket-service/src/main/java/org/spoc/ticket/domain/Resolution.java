package org.spoc.ticket.domain;

/** How a ticket was resolved: a code from the configured list and notes for the requester. */
public record Resolution(String code, String notes) {
}
