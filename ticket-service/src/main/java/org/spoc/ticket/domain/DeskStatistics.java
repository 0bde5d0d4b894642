package org.spoc.ticket.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The figures a desk lead staffs with, over the tickets opened in [from, to): volume by type, category,
 * priority, channel and status; mean and p90 time to first response and to resolution; first-contact
 * resolution, reassignment and reopen rates; time worked; demand by hour of day and weekday (in {@code zone}).
 */
public record DeskStatistics(Instant from, Instant to, String zone, long total, long open,
        Map<String, Long> byType, Map<String, Long> byCategory, Map<String, Long> byPriority,
        Map<String, Long> byChannel, Map<String, Long> byStatus, Times timeToFirstResponse, Times timeToResolve,
        double firstContactResolutionRate, double reassignmentRate, double reopenRate, long timeWorkedMinutes,
        Map<Integer, Long> demandByHour, Map<DayOfWeek, Long> demandByWeekday) {

    /** How many durations, their mean and 90th percentile (nearest rank), in minutes. */
    public record Times(long count, @Nullable Double meanMinutes, @Nullable Double p90Minutes) {

        static Times of(List<Duration> durations) {
            if (durations.isEmpty()) {
                return new Times(0, null, null);
            }
            List<Long> millis = new ArrayList<>(durations.stream().map(Duration::toMillis).toList());
            Collections.sort(millis);
            double mean = millis.stream().mapToLong(Long::longValue).average().orElse(0) / 60_000.0;
            int rank = (int) Math.ceil(0.9 * millis.size());
            double p90 = millis.get(Math.max(0, rank - 1)) / 60_000.0;
            return new Times(millis.size(), round(mean), round(p90));
        }
    }

    public static DeskStatistics of(List<Ticket> tickets, Instant from, Instant to, ZoneId zone) {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> byPriority = new TreeMap<>();
        Map<String, Long> byChannel = new TreeMap<>();
        Map<String, Long> byStatus = new TreeMap<>();
        Map<Integer, Long> byHour = new TreeMap<>();
        for (int h = 0; h < 24; h++) {
            byHour.put(h, 0L);
        }
        Map<DayOfWeek, Long> byDay = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            byDay.put(d, 0L);
        }
        List<Duration> firstResponse = new ArrayList<>();
        List<Duration> resolve = new ArrayList<>();
        long resolved = 0;
        long firstContact = 0;
        long reassigned = 0;
        long everResolved = 0;
        long reopened = 0;
        long worked = 0;
        long open = 0;
        for (Ticket t : tickets) {
            byType.merge(t.type().name(), 1L, Long::sum);
            byCategory.merge(t.category() == null ? "uncategorised" : t.category(), 1L, Long::sum);
            byPriority.merge(t.priority().name(), 1L, Long::sum);
            byChannel.merge(t.channel(), 1L, Long::sum);
            byStatus.merge(t.status().name(), 1L, Long::sum);
            ZonedDateTime opened = t.openedAt().atZone(zone);
            byHour.merge(opened.getHour(), 1L, Long::sum);
            byDay.merge(opened.getDayOfWeek(), 1L, Long::sum);
            if (t.status().isOpen()) {
                open++;
            }
            if (t.firstRespondedAt() != null) {
                firstResponse.add(Duration.between(t.openedAt(), t.firstRespondedAt()));
            }
            if (t.resolvedAt() != null) {
                resolve.add(Duration.between(t.openedAt(), t.resolvedAt()));
                resolved++;
                if (t.reassignments() == 0 && t.reopens() == 0 && t.tier() == 1) {
                    firstContact++;
                }
            }
            if (t.resolvedAt() != null || t.reopens() > 0) {
                everResolved++;
            }
            if (t.reopens() > 0) {
                reopened++;
            }
            if (t.reassignments() > 0) {
                reassigned++;
            }
            worked += t.totalMinutes();
        }
        long total = tickets.size();
        return new DeskStatistics(from, to, zone.getId(), total, open, byType, byCategory, byPriority, byChannel,
                byStatus, Times.of(firstResponse), Times.of(resolve), ratio(firstContact, resolved),
                ratio(reassigned, total), ratio(reopened, everResolved), worked, byHour, byDay);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : round((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
