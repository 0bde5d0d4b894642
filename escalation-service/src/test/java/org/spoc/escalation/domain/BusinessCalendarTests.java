package org.spoc.escalation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BusinessCalendarTests {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Instant berlin(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
    }

    static BusinessCalendar calendar(ZoneId zone, Map<DayOfWeek, String> hours, String... holidays) {
        Map<DayOfWeek, List<TimeRange>> parsed = new EnumMap<>(DayOfWeek.class);
        hours.forEach((day, ranges) -> parsed.put(day,
                java.util.Arrays.stream(ranges.split(",")).map(TimeRange::parse).toList()));
        return new BusinessCalendar("test", 1, zone, parsed,
                java.util.Arrays.stream(holidays).map(LocalDate::parse).collect(java.util.stream.Collectors.toSet()));
    }

    /** Every day round the clock in Berlin, with a holiday so that the calendar walk is used. */
    static BusinessCalendar berlinAllDaysWithAHoliday() {
        Map<DayOfWeek, String> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            all.put(day, "00:00-24:00");
        }
        return calendar(BERLIN, all, "2026-12-25");
    }

    static BusinessCalendar sundayNights() {
        return calendar(BERLIN, Map.of(DayOfWeek.SUNDAY, "01:00-05:00"));
    }

    final BusinessCalendar office = BusinessCalendar.office();

    @Test
    void twentyFourSevenAddsRealTime() {
        BusinessCalendar always = BusinessCalendar.twentyFourSeven();
        assertThat(always.alwaysOpen()).isTrue();
        assertThat(always.plusBusinessTime(Instant.parse("2026-03-28T23:30:00Z"), Duration.ofHours(8)))
                .isEqualTo(Instant.parse("2026-03-29T07:30:00Z"));
        assertThat(always.businessTimeBetween(Instant.parse("2026-03-28T00:00:00Z"), Instant.parse("2026-03-30T00:00:00Z")))
                .isEqualTo(Duration.ofHours(48));
    }

    @Test
    void carriesRemainingTimeOverTheWeekend() {
        assertThat(office.plusBusinessTime(berlin("2026-11-20T15:00"), Duration.ofHours(4)))
                .isEqualTo(berlin("2026-11-23T11:00")).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void startsCountingAtTheNextOpeningWhenStartedOutsideHours() {
        assertThat(office.plusBusinessTime(berlin("2026-11-21T10:00"), Duration.ofHours(1)))
                .isEqualTo(berlin("2026-11-23T10:00"));
        assertThat(office.plusBusinessTime(berlin("2026-11-23T07:00"), Duration.ofMinutes(30)))
                .isEqualTo(berlin("2026-11-23T09:30"));
    }

    @Test
    void endsAtClosingWhenTheTimeRunsOutExactlyThere() {
        assertThat(office.plusBusinessTime(berlin("2026-11-20T12:00"), Duration.ofHours(5)))
                .isEqualTo(berlin("2026-11-20T17:00"));
    }

    @Test
    void skipsHolidays() {
        // Thursday 24 December 16:00: one hour left that day, 25 (Friday) is a holiday, then the weekend
        assertThat(office.plusBusinessTime(berlin("2026-12-24T16:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-12-28T10:00")).isEqualTo(Instant.parse("2026-12-28T09:00:00Z"));
        assertThat(office.businessTimeBetween(berlin("2026-12-24T09:00"), berlin("2026-12-29T09:00")))
                .isEqualTo(Duration.ofHours(16));
    }

    @Test
    void measuresBusinessTimeBetweenInstants() {
        assertThat(office.businessTimeBetween(berlin("2026-11-20T16:00"), berlin("2026-11-23T10:00")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(office.businessTimeBetween(berlin("2026-11-21T10:00"), berlin("2026-11-22T10:00")))
                .isZero();
        assertThat(office.businessTimeBetween(berlin("2026-11-23T10:00"), berlin("2026-11-20T10:00"))).isZero();
        assertThat(office.businessTimeBetween(berlin("2026-11-16T09:00"), berlin("2026-11-23T09:00")))
                .isEqualTo(Duration.ofHours(40));
    }

    @Test
    void countsOnlyTheRealHoursOfASpringForwardNight() {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST, so 01:00-05:00 local holds three real hours
        BusinessCalendar nights = sundayNights();
        assertThat(nights.businessTimeBetween(berlin("2026-03-29T00:00"), berlin("2026-03-29T06:00")))
                .isEqualTo(Duration.ofHours(3));
        assertThat(nights.plusBusinessTime(berlin("2026-03-29T01:00"), Duration.ofHours(3)))
                .isEqualTo(Instant.parse("2026-03-29T03:00:00Z")).isEqualTo(berlin("2026-03-29T05:00"));
        assertThat(nights.plusBusinessTime(berlin("2026-03-29T01:00"), Duration.ofMinutes(210)))
                .isEqualTo(berlin("2026-04-05T01:30")).isEqualTo(Instant.parse("2026-04-04T23:30:00Z"));
    }

    @Test
    void countsTheExtraHourOfAFallBackNight() {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET, so 01:00-05:00 local holds five real hours
        BusinessCalendar nights = sundayNights();
        assertThat(nights.businessTimeBetween(berlin("2026-10-25T00:00"), berlin("2026-10-25T06:00")))
                .isEqualTo(Duration.ofHours(5));
        assertThat(nights.plusBusinessTime(berlin("2026-10-25T01:00"), Duration.ofHours(5)))
                .isEqualTo(Instant.parse("2026-10-25T04:00:00Z")).isEqualTo(berlin("2026-10-25T05:00"));
    }

    @Test
    void walksRoundTheClockCalendarsThroughDaylightSavingInRealTime() {
        BusinessCalendar all = berlinAllDaysWithAHoliday();
        assertThat(all.alwaysOpen()).isFalse();
        // Saturday 20:00 CET + 8 h lands at 05:00 CEST: the local clock skipped an hour
        assertThat(all.plusBusinessTime(berlin("2026-03-28T20:00"), Duration.ofHours(8)))
                .isEqualTo(Instant.parse("2026-03-29T03:00:00Z")).isEqualTo(berlin("2026-03-29T05:00"));
        // Saturday 20:00 CEST + 8 h lands at 03:00 CET: the local clock repeated an hour
        assertThat(all.plusBusinessTime(berlin("2026-10-24T20:00"), Duration.ofHours(8)))
                .isEqualTo(Instant.parse("2026-10-25T02:00:00Z"));
        assertThat(all.businessTimeBetween(berlin("2026-03-29T00:00"), berlin("2026-03-30T00:00")))
                .isEqualTo(Duration.ofHours(23));
        assertThat(all.businessTimeBetween(berlin("2026-10-25T00:00"), berlin("2026-10-26T00:00")))
                .isEqualTo(Duration.ofHours(25));
        assertThat(all.businessTimeBetween(berlin("2026-12-24T12:00"), berlin("2026-12-26T12:00")))
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void movesOfficeHoursWithTheLocalClockAcrossDaylightSaving() {
        // Friday 16:00 CET (15:00Z) + 2 h: one hour on Friday, one on Monday from 09:00 CEST (07:00Z)
        assertThat(office.plusBusinessTime(berlin("2026-03-27T16:00"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
    }

    @Test
    void supportsShiftsThatRunPastMidnight() {
        BusinessCalendar nightShift = calendar(ZoneOffset.UTC, Map.of(DayOfWeek.MONDAY, "22:00-06:00"));
        assertThat(nightShift.plusBusinessTime(Instant.parse("2026-11-23T23:00:00Z"), Duration.ofHours(3)))
                .isEqualTo(Instant.parse("2026-11-24T02:00:00Z"));
        assertThat(nightShift.businessTimeBetween(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-25T00:00:00Z")))
                .isEqualTo(Duration.ofHours(8));
        // the Monday shift starting on a holiday does not happen
        BusinessCalendar withHoliday = calendar(ZoneOffset.UTC, Map.of(DayOfWeek.MONDAY, "22:00-06:00"), "2026-11-23");
        assertThat(withHoliday.plusBusinessTime(Instant.parse("2026-11-23T23:00:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    }

    @Test
    void agreesWithItselfBothWays() {
        Instant start = berlin("2026-03-20T08:13");
        for (int i = 0; i < 200; i++) {
            Instant from = start.plus(Duration.ofMinutes(97L * i));
            Duration amount = Duration.ofMinutes(37L * (i % 50) + 1);
            for (BusinessCalendar calendar : List.of(office, sundayNights(), berlinAllDaysWithAHoliday())) {
                Instant due = calendar.plusBusinessTime(from, amount);
                assertThat(calendar.businessTimeBetween(from, due)).as("%s from %s + %s", calendar.id(), from, amount)
                        .isEqualTo(amount);
                assertThat(calendar.isOpenAt(due.minusNanos(1))).isTrue();
            }
        }
    }

    @Test
    void answersTheStartForZeroAndRejectsNegativeAmounts() {
        assertThat(office.plusBusinessTime(berlin("2026-11-21T10:00"), Duration.ZERO)).isEqualTo(berlin("2026-11-21T10:00"));
        assertThatThrownBy(() -> office.plusBusinessTime(Instant.EPOCH, Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCalendarsThatCannotWork() {
        assertThatThrownBy(() -> calendar(ZoneOffset.UTC, Map.of())).hasMessageContaining("at least one day");
        assertThatThrownBy(() -> calendar(ZoneOffset.UTC, Map.of(DayOfWeek.MONDAY, "09:00-12:00,11:00-13:00")))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> TimeRange.parse("9-17")).hasMessageContaining("09:00-17:00");
        assertThatThrownBy(() -> TimeRange.parse("24:30-25:00")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TimeRange.parse("00:00-24:00").wholeDay()).isTrue();
        assertThat(TimeRange.parse("08:30-12:15")).hasToString("08:30-12:15");
        assertThat(new BusinessCalendar("x", 1, ZoneOffset.UTC, Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("09:00-10:00"))),
                Set.of()).hours()).containsOnlyKeys(DayOfWeek.MONDAY);
    }
}
