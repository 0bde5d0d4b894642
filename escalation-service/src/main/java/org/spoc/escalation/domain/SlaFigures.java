package org.spoc.escalation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;

/**
 * The desk's figures from the stored tickets: SLA compliance per clock, team, tier and priority;
 * time in tier per team; escalations per team, tier and kind; bounce-backs per team.
 */
public record SlaFigures(Instant at, int tickets, List<Compliance> compliance, List<TierTime> timeInTier,
        List<EscalationCount> escalations, List<BounceBacks> bounceBacks) {

    /** Clocks that ended met or breached; {@code ratio} is met / (met + breached). */
    public record Compliance(String clock, @Nullable String team, int tier, String priority, int met, int breached,
            int running, double ratio) {
    }

    public record TierTime(int tier, @Nullable String team, int stays, String total, String average) {
    }

    public record EscalationCount(String team, int tier, String kind, int count) {
    }

    public record BounceBacks(@Nullable String team, int tier, int count) {
    }

    public static SlaFigures of(List<Document> documents, Instant now) {
        Map<String, int[]> compliance = new TreeMap<>();
        Map<String, Object[]> keys = new TreeMap<>();
        Map<String, long[]> stays = new TreeMap<>();
        Map<String, Integer> escalations = new TreeMap<>();
        Map<String, Integer> bounces = new TreeMap<>();
        for (Document d : documents) {
            TicketSla sla = TicketSlaDocuments.read(d);
            for (SlaClock clock : sla.clocks()) {
                boolean tierClock = clock.kind() == SlaClockKind.TIER;
                String team = tierClock ? clock.team() : sla.group();
                int tier = tierClock && clock.tier() != null ? clock.tier() : sla.tier();
                String key = clock.kind() + "|" + team + "|" + tier + "|" + sla.priority();
                keys.putIfAbsent(key, new Object[] {clock.kind().name(), team, tier, sla.priority().name()});
                int[] counts = compliance.computeIfAbsent(key, k -> new int[3]);
                SlaClockState state = clock.state();
                if (state == SlaClockState.MET) {
                    counts[0]++;
                }
                else if (state == SlaClockState.BREACHED) {
                    counts[1]++;
                }
                else if (state == SlaClockState.RUNNING || state == SlaClockState.PAUSED) {
                    counts[2]++;
                }
            }
            TierStay previous = null;
            for (TierStay stay : sla.tierHistory()) {
                if (stay.leftAt() != null) {
                    long[] total = stays.computeIfAbsent(stay.tier() + "|" + stay.team(), k -> new long[2]);
                    total[0]++;
                    total[1] += stay.duration(now).toMillis();
                }
                if (previous != null && stay.tier() < previous.tier()) {
                    bounces.merge(previous.tier() + "|" + previous.team(), 1, Integer::sum);
                }
                previous = stay;
            }
            for (Escalation e : sla.escalations()) {
                escalations.merge(e.team() + "|" + e.toTier() + "|" + e.kind(), 1, Integer::sum);
            }
        }
        List<Compliance> complianceList = new ArrayList<>();
        compliance.forEach((key, c) -> {
            Object[] k = keys.get(key);
            int done = c[0] + c[1];
            complianceList.add(new Compliance((String) k[0], (String) k[1], (Integer) k[2], (String) k[3], c[0], c[1],
                    c[2], done == 0 ? 1.0 : Math.round(1000.0 * c[0] / done) / 1000.0));
        });
        List<TierTime> tierTimes = new ArrayList<>();
        stays.forEach((key, t) -> {
            String[] k = key.split("\\|", 2);
            tierTimes.add(new TierTime(Integer.parseInt(k[0]), nullable(k[1]), (int) t[0],
                    Duration.ofMillis(t[1]).toString(), Duration.ofMillis(t[1] / Math.max(1, t[0])).toString()));
        });
        List<EscalationCount> escalationList = new ArrayList<>();
        escalations.forEach((key, n) -> {
            String[] k = key.split("\\|");
            escalationList.add(new EscalationCount(k[0], Integer.parseInt(k[1]), k[2], n));
        });
        List<BounceBacks> bounceList = new ArrayList<>();
        bounces.forEach((key, n) -> {
            String[] k = key.split("\\|", 2);
            bounceList.add(new BounceBacks(nullable(k[1]), Integer.parseInt(k[0]), n));
        });
        return new SlaFigures(now, documents.size(), complianceList, tierTimes, escalationList, bounceList);
    }

    private static @Nullable String nullable(String value) {
        return "null".equals(value) ? null : value;
    }
}
