package org.spoc.escalation.domain;

import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Working hours of one day, {@code "09:00-17:00"}, in minutes of the day. {@code "24:00"} ends at
 * midnight; an end at or before the start ({@code "22:00-06:00"}) runs into the next day.
 */
public record TimeRange(int startMinute, int endMinute) {

    private static final Pattern SHAPE = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    static final int DAY = 24 * 60;

    public TimeRange {
        if (startMinute < 0 || startMinute >= DAY) {
            throw new IllegalArgumentException("start must be within 00:00-23:59");
        }
        if (endMinute < 0 || endMinute > DAY) {
            throw new IllegalArgumentException("end must be within 00:00-24:00");
        }
    }

    public static TimeRange parse(String text) {
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("hours must look like 09:00-17:00, not '" + text + "'");
        }
        int sh = Integer.parseInt(m.group(1));
        int sm = Integer.parseInt(m.group(2));
        int eh = Integer.parseInt(m.group(3));
        int em = Integer.parseInt(m.group(4));
        if (sh > 23 || sm > 59 || eh > 24 || em > 59 || (eh == 24 && em != 0)) {
            throw new IllegalArgumentException("hours must look like 09:00-17:00, not '" + text + "'");
        }
        return new TimeRange(sh * 60 + sm, eh * 60 + em);
    }

    /** True when the range runs past midnight into the next day. */
    public boolean overnight() {
        return endMinute <= startMinute;
    }

    public boolean wholeDay() {
        return startMinute == 0 && endMinute == DAY;
    }

    LocalTime start() {
        return LocalTime.of(startMinute / 60, startMinute % 60);
    }

    /** The end time of day; midnight for {@code 24:00}. */
    LocalTime end() {
        return endMinute == DAY ? LocalTime.MIDNIGHT : LocalTime.of(endMinute / 60, endMinute % 60);
    }

    /** True when the end lies on the next calendar day (overnight or {@code 24:00}). */
    boolean endsNextDay() {
        return overnight() || endMinute == DAY;
    }

    @Override
    public String toString() {
        return "%02d:%02d-%02d:%02d".formatted(startMinute / 60, startMinute % 60, endMinute / 60, endMinute % 60);
    }
}
