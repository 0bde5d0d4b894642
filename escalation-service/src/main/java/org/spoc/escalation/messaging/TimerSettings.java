package org.spoc.escalation.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The durable timer loop.
 *
 * @param enabled   run the loop on this replica
 * @param lease     how long a replica owns the timers it claimed before another may take over
 * @param refresh   how often the store is asked for timers due within {@code horizon} (timers stored
 *                  by other replicas, timers left over by a replica that stopped)
 * @param horizon   how far ahead a refresh loads timers into this replica's schedule
 * @param sweep     how often (and once at start) the tickets' {@code nextDueAt} is queried for due
 *                  timers the timing wheel does not list
 * @param batchSize timers claimed and fired per store round trip
 * @param lateAfter a firing later than this after its due instant is flagged {@code late}
 */
@ConfigurationProperties("spoc.sla.timers")
public record TimerSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") Duration lease,
        @DefaultValue("1s") Duration refresh,
        @DefaultValue("3s") Duration horizon,
        @DefaultValue("60s") Duration sweep,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration lateAfter) {
}
