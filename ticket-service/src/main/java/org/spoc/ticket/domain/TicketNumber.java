package org.spoc.ticket.domain;

import java.util.regex.Pattern;

import org.spoc.events.ticket.TicketType;

/** Human-readable ticket numbers: the type's prefix and seven digits, {@code INC0001234}, {@code REQ0000056}. */
public final class TicketNumber {

    private static final Pattern NUMBER = Pattern.compile("^(INC|REQ)\\d{7,}$");

    private TicketNumber() {
    }

    public static String format(TicketType type, long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("ticket sequence starts at 1, got " + sequence);
        }
        return type.numberPrefix() + String.format("%07d", sequence);
    }

    public static boolean isNumber(String value) {
        return NUMBER.matcher(value).matches();
    }
}
