package org.spoc.escalation.domain;

import java.time.Duration;

/**
 * What a ticket's clocks are computed with: the catalog of policies and calendars, and how long
 * after its due instant a firing counts as late.
 */
public record SlaContext(SlaCatalog catalog, Duration lateAfter) {

    public static final Duration DEFAULT_LATE_AFTER = Duration.ofSeconds(1);

    BusinessCalendar calendarOf(SlaClock clock) {
        return catalog.calendar(clock.calendarId(), clock.calendarVersion());
    }
}
