package org.spoc.escalation.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Business hours in a time zone, per weekday, minus holidays. Business time is real elapsed time
 * inside working hours: a working day that contains a daylight-saving change is an hour shorter
 * (spring forward) or longer (fall back) when its hours span the change. {@code version} rises with
 * every replacement, so a running clock keeps the calendar it started with unless told otherwise.
 */
public record BusinessCalendar(String id, int version, ZoneId zone, Map<DayOfWeek, List<TimeRange>> hours,
        Set<LocalDate> holidays) {

    /** The calendar that always exists. */
    public static final String ALWAYS_ID = "24x7";

    /** The office-hours calendar a new installation starts with. */
    public static final String OFFICE_ID = "office";

    /** How far ahead a computation looks for working time before it gives up (ten years). */
    private static final int MAX_DAYS = 3660;

    public BusinessCalendar {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
        EnumMap<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        boolean any = false;
        for (Map.Entry<DayOfWeek, List<TimeRange>> day : hours.entrySet()) {
            List<TimeRange> ranges = new ArrayList<>(day.getValue());
            ranges.sort(Comparator.comparingInt(TimeRange::startMinute));
            for (int i = 1; i < ranges.size(); i++) {
                TimeRange previous = ranges.get(i - 1);
                if (previous.overnight() || previous.endMinute() > ranges.get(i).startMinute()) {
                    throw new IllegalArgumentException("hours of " + day.getKey() + " overlap: " + ranges);
                }
            }
            any |= !ranges.isEmpty();
            copy.put(day.getKey(), List.copyOf(ranges));
        }
        if (!any) {
            throw new IllegalArgumentException("a calendar needs working hours on at least one day");
        }
        hours = java.util.Collections.unmodifiableMap(copy);
        holidays = java.util.Collections.unmodifiableSet(new TreeSet<>(holidays));
    }

    /** Round the clock, every day, no holidays. */
    public static BusinessCalendar twentyFourSeven() {
        Map<DayOfWeek, List<TimeRange>> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            all.put(day, List.of(new TimeRange(0, TimeRange.DAY)));
        }
        return new BusinessCalendar(ALWAYS_ID, 1, ZoneOffset.UTC, all, Set.of());
    }

    /** Monday to Friday 09:00-17:00 in Europe/Berlin, with the German nationwide holidays of 2026 and 2027. */
    public static BusinessCalendar office() {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(day, List.of(TimeRange.parse("09:00-17:00")));
        }
        Set<LocalDate> holidays = Set.of("2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14",
                "2026-05-25", "2026-10-03", "2026-12-25", "2026-12-26", "2027-01-01", "2027-03-26", "2027-03-29",
                "2027-05-01", "2027-05-06", "2027-05-17", "2027-10-03", "2027-12-25", "2027-12-26").stream()
                .map(LocalDate::parse).collect(java.util.stream.Collectors.toSet());
        return new BusinessCalendar(OFFICE_ID, 1, ZoneId.of("Europe/Berlin"), week, holidays);
    }

    /** The same calendar as a new version with other hours, zone or holidays. */
    public BusinessCalendar withVersion(int newVersion) {
        return new BusinessCalendar(id, newVersion, zone, hours, holidays);
    }

    /** True when every instant is business time; computations then need no calendar walk. */
    public boolean alwaysOpen() {
        if (!holidays.isEmpty()) {
            return false;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            List<TimeRange> ranges = hours.getOrDefault(day, List.of());
            if (ranges.size() != 1 || !ranges.getFirst().wholeDay()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The instant at which {@code amount} of business time has passed since {@code from}. Zero
     * answers {@code from}; a positive amount starting outside working hours starts counting at the
     * next opening, and a due time that ends exactly at a closing answers the closing.
     */
    public Instant plusBusinessTime(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return from;
        }
        if (alwaysOpen()) {
            return from.plus(amount);
        }
        Duration left = amount;
        Instant cursor = from;
        LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1);
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            for (Interval interval : intervalsOn(day)) {
                Instant start = interval.start().isAfter(cursor) ? interval.start() : cursor;
                if (!interval.end().isAfter(start)) {
                    continue;
                }
                Duration available = Duration.between(start, interval.end());
                if (available.compareTo(left) >= 0) {
                    return start.plus(left);
                }
                left = left.minus(available);
                cursor = interval.end();
            }
        }
        throw new IllegalStateException("calendar " + id + " has no working time within " + MAX_DAYS + " days");
    }

    /** Business time between two instants; zero when {@code to} is not after {@code from}. */
    public Duration businessTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (alwaysOpen()) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        Instant cursor = from;
        LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1);
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            for (Interval interval : intervalsOn(day)) {
                Instant start = interval.start().isAfter(cursor) ? interval.start() : cursor;
                Instant end = interval.end().isBefore(to) ? interval.end() : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                    cursor = end;
                }
            }
        }
        return total;
    }

    /** True when {@code instant} lies inside working hours. */
    public boolean isOpenAt(Instant instant) {
        return !businessTimeBetween(instant, instant.plusNanos(1)).isZero();
    }

    /** The working intervals that start on {@code day} (local date), in order; none on a holiday. */
    List<Interval> intervalsOn(LocalDate day) {
        if (holidays.contains(day)) {
            return List.of();
        }
        List<TimeRange> ranges = hours.getOrDefault(day.getDayOfWeek(), List.of());
        List<Interval> intervals = new ArrayList<>(ranges.size());
        for (TimeRange range : ranges) {
            Instant start = ZonedDateTime.of(day, range.start(), zone).toInstant();
            LocalDate endDay = range.endsNextDay() ? day.plusDays(1) : day;
            Instant end = range.endMinute() == TimeRange.DAY
                    ? endDay.atStartOfDay(zone).toInstant()
                    : ZonedDateTime.of(endDay, range.end(), zone).toInstant();
            if (end.isAfter(start)) {
                intervals.add(new Interval(start, end));
            }
        }
        return intervals;
    }

    record Interval(Instant start, Instant end) {
    }
}
