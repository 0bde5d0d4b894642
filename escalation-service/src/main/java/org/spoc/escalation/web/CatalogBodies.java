package org.spoc.escalation.web;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.spoc.escalation.domain.BusinessCalendar;
import org.spoc.escalation.domain.EscalationPolicy;
import org.spoc.escalation.domain.SlaPolicy;
import org.spoc.escalation.domain.TimeRange;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.kit.web.ApiException;
import org.spoc.kit.web.SafeInput;

/**
 * Request and response bodies of the admin API (DESIGN.md §4 shapes: ISO-8601 durations and zone
 * ids) and their checked translation to the domain: every error names its field.
 */
final class CatalogBodies {

    private CatalogBodies() {
    }

    record AppliesToBody(@Nullable List<String> types, @Nullable List<String> priorities) {
    }

    record TargetsBody(@Nullable String firstResponse, @Nullable String resolution) {
    }

    /** An SLA policy, in and out. */
    record SlaPolicyBody(@Nullable String id, @Nullable AppliesToBody appliesTo, @Nullable String calendarId,
            @Nullable TargetsBody targets, @Nullable Map<String, String> tierTargets, @Nullable Double warnAt,
            @Nullable List<String> pauseOn) {

        static SlaPolicyBody of(SlaPolicy p) {
            Map<String, String> tiers = new TreeMap<>();
            p.tierTargets().forEach((tier, target) -> tiers.put(tier.toString(), target.toString()));
            return new SlaPolicyBody(p.id(),
                    new AppliesToBody(p.appliesTo().types().stream().map(Enum::name).sorted().toList(),
                            p.appliesTo().priorities().stream().map(Enum::name).sorted().toList()),
                    p.calendarId(), new TargetsBody(p.targets().firstResponse().toString(),
                            p.targets().resolution().toString()),
                    tiers, p.warnAt(), p.pauseOn().stream().map(Enum::name).sorted().toList());
        }

        SlaPolicy toPolicy(String pathId) {
            checkId(pathId, id);
            AppliesToBody applies = appliesTo != null ? appliesTo : new AppliesToBody(List.of(), List.of());
            Set<TicketType> typeSet = enums("appliesTo.types", applies.types(), TicketType.class);
            Set<Priority> prioritySet = enums("appliesTo.priorities", applies.priorities(), Priority.class);
            if (calendarId == null || calendarId.isBlank()) {
                throw ApiException.badRequest("calendarId", "is required");
            }
            if (targets == null) {
                throw ApiException.badRequest("targets", "is required: {firstResponse, resolution}");
            }
            Duration firstResponse = duration("targets.firstResponse", targets.firstResponse());
            Duration resolution = duration("targets.resolution", targets.resolution());
            Map<Integer, Duration> tiers = new TreeMap<>();
            if (tierTargets != null) {
                tierTargets.forEach((tier, target) -> {
                    try {
                        tiers.put(Integer.parseInt(tier), duration("tierTargets." + tier, target));
                    }
                    catch (NumberFormatException ex) {
                        throw ApiException.badRequest("tierTargets", "keys are tier numbers, not '" + tier + "'");
                    }
                });
            }
            double warn = warnAt == null ? SlaPolicy.DEFAULT_WARN_AT : warnAt;
            if (!(warn > 0 && warn <= 1)) {
                throw ApiException.badRequest("warnAt", "must be above 0 and at most 1");
            }
            Set<TicketStatus> pause = pauseOn == null ? Set.of(TicketStatus.PENDING)
                    : enums("pauseOn", pauseOn, TicketStatus.class);
            try {
                return new SlaPolicy(pathId, new SlaPolicy.AppliesTo(typeSet, prioritySet), calendarId.strip(),
                        new SlaPolicy.Targets(firstResponse, resolution), tiers, warn, pause);
            }
            catch (IllegalArgumentException ex) {
                throw ApiException.badRequest(fieldOf(ex.getMessage()), ex.getMessage());
            }
        }
    }

    /** A calendar as sent: {@code version} is read-only and rejected here. */
    record CalendarBody(@Nullable String id, @Nullable String zone, @Nullable Map<String, List<String>> hours,
            @Nullable List<String> holidays) {

        BusinessCalendar toCalendar(String pathId) {
            checkId(pathId, id);
            if (zone == null || zone.isBlank()) {
                throw ApiException.badRequest("zone", "is required, for example Europe/Berlin");
            }
            ZoneId zoneId;
            try {
                zoneId = ZoneId.of(zone.strip());
            }
            catch (DateTimeException ex) {
                throw ApiException.badRequest("zone", "'" + zone + "' is not a time-zone id such as Europe/Berlin");
            }
            if (hours == null || hours.isEmpty()) {
                throw ApiException.badRequest("hours", "is required, for example {\"MONDAY\":[\"09:00-17:00\"]}");
            }
            Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
            hours.forEach((day, ranges) -> {
                DayOfWeek dow;
                try {
                    dow = DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT));
                }
                catch (IllegalArgumentException ex) {
                    throw ApiException.badRequest("hours", "'" + day + "' is not a weekday such as MONDAY");
                }
                List<TimeRange> parsed = new ArrayList<>();
                for (String range : ranges == null ? List.<String>of() : ranges) {
                    try {
                        parsed.add(TimeRange.parse(range));
                    }
                    catch (IllegalArgumentException ex) {
                        throw ApiException.badRequest("hours." + dow, ex.getMessage());
                    }
                }
                week.put(dow, parsed);
            });
            Set<LocalDate> days = new LinkedHashSet<>();
            for (String holiday : holidays == null ? List.<String>of() : holidays) {
                try {
                    days.add(LocalDate.parse(holiday));
                }
                catch (DateTimeParseException ex) {
                    throw ApiException.badRequest("holidays", "'" + holiday + "' is not a date such as 2026-12-25");
                }
            }
            try {
                return new BusinessCalendar(pathId, 1, zoneId, week, days);
            }
            catch (IllegalArgumentException ex) {
                throw ApiException.badRequest("hours", ex.getMessage());
            }
        }
    }

    record CalendarView(String id, int version, String zone, Map<String, List<String>> hours, List<String> holidays) {

        static CalendarView of(BusinessCalendar c) {
            Map<String, List<String>> hours = new LinkedHashMap<>();
            c.hours().forEach((day, ranges) -> hours.put(day.name(), ranges.stream().map(TimeRange::toString).toList()));
            return new CalendarView(c.id(), c.version(), c.zone().getId(), hours,
                    c.holidays().stream().map(LocalDate::toString).toList());
        }
    }

    record TeamBody(@Nullable Integer tier, @Nullable String manager) {
    }

    record RouteBody(@Nullable String category, @Nullable Integer tier, @Nullable String team) {
    }

    /** The escalation rules and tier model, in and out. */
    record EscalationPolicyBody(@Nullable String id, @Nullable Boolean functionalOnWarning, @Nullable Integer p1Tier,
            @Nullable Boolean hierarchicalOnBreach, @Nullable Boolean hierarchicalForP1,
            @Nullable Integer maxReassignments, @Nullable Integer topTier, @Nullable Map<String, TeamBody> teams,
            @Nullable List<RouteBody> routes, @Nullable Map<String, String> defaultTeams) {

        static EscalationPolicyBody of(EscalationPolicy p) {
            Map<String, TeamBody> teams = new TreeMap<>();
            p.teams().forEach((name, team) -> teams.put(name, new TeamBody(team.tier(), team.manager())));
            Map<String, String> defaults = new TreeMap<>();
            p.defaultTeams().forEach((tier, team) -> defaults.put(tier.toString(), team));
            return new EscalationPolicyBody(p.id(), p.functionalOnWarning(), p.p1Tier(), p.hierarchicalOnBreach(),
                    p.hierarchicalForP1(), p.maxReassignments(), p.topTier(), teams,
                    p.routes().stream().map(r -> new RouteBody(r.category(), r.tier(), r.team())).toList(), defaults);
        }

        EscalationPolicy toPolicy(String pathId, EscalationPolicy current) {
            checkId(pathId, id);
            Map<String, EscalationPolicy.Team> teamMap = new LinkedHashMap<>();
            if (teams != null) {
                teams.forEach((name, team) -> {
                    SafeInput.key("teams", name);
                    if (team == null || team.tier() == null) {
                        throw ApiException.badRequest("teams." + name + ".tier", "is required");
                    }
                    teamMap.put(name, new EscalationPolicy.Team(team.tier(), SafeInput.text("teams." + name + ".manager",
                            team.manager())));
                });
            }
            List<EscalationPolicy.Route> routeList = new ArrayList<>();
            if (routes != null) {
                for (int i = 0; i < routes.size(); i++) {
                    RouteBody r = routes.get(i);
                    if (r == null || r.category() == null || r.team() == null || r.tier() == null) {
                        throw ApiException.badRequest("routes[" + i + "]", "needs category, tier and team");
                    }
                    routeList.add(new EscalationPolicy.Route(SafeInput.text("routes[" + i + "].category", r.category()),
                            r.tier(), SafeInput.text("routes[" + i + "].team", r.team())));
                }
            }
            Map<Integer, String> defaults = new TreeMap<>();
            if (defaultTeams != null) {
                defaultTeams.forEach((tier, team) -> {
                    try {
                        defaults.put(Integer.parseInt(tier), SafeInput.text("defaultTeams." + tier, team));
                    }
                    catch (NumberFormatException ex) {
                        throw ApiException.badRequest("defaultTeams", "keys are tier numbers, not '" + tier + "'");
                    }
                });
            }
            try {
                return new EscalationPolicy(pathId,
                        functionalOnWarning != null ? functionalOnWarning : current.functionalOnWarning(),
                        p1Tier != null ? p1Tier : current.p1Tier(),
                        hierarchicalOnBreach != null ? hierarchicalOnBreach : current.hierarchicalOnBreach(),
                        hierarchicalForP1 != null ? hierarchicalForP1 : current.hierarchicalForP1(),
                        maxReassignments != null ? maxReassignments : current.maxReassignments(),
                        topTier != null ? topTier : current.topTier(), teams != null ? teamMap : current.teams(),
                        routes != null ? routeList : current.routes(),
                        defaultTeams != null ? defaults : current.defaultTeams());
            }
            catch (IllegalArgumentException ex) {
                throw ApiException.badRequest(fieldOf(ex.getMessage()), ex.getMessage());
            }
        }
    }

    static void checkId(String pathId, @Nullable String bodyId) {
        SafeInput.key("id", pathId);
        if (!pathId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw ApiException.badRequest("id", "must be 1-64 letters, digits, '-' or '_'");
        }
        if (bodyId != null && !bodyId.equals(pathId)) {
            throw ApiException.badRequest("id", "'" + bodyId + "' differs from the id in the path '" + pathId + "'");
        }
    }

    static Duration duration(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, "is required, an ISO-8601 duration such as PT8H");
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isZero() || d.isNegative()) {
                throw ApiException.badRequest(field, "must be positive");
            }
            return d;
        }
        catch (DateTimeParseException ex) {
            throw ApiException.badRequest(field, "'" + value + "' is not an ISO-8601 duration such as PT8H");
        }
    }

    static <E extends Enum<E>> Set<E> enums(String field, @Nullable List<String> values, Class<E> type) {
        Set<E> set = new LinkedHashSet<>();
        for (String value : values == null ? List.<String>of() : values) {
            try {
                set.add(Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT)));
            }
            catch (IllegalArgumentException | NullPointerException ex) {
                throw ApiException.badRequest(field, "'" + value + "' is not one of "
                        + java.util.Arrays.toString(type.getEnumConstants()));
            }
        }
        return set;
    }

    private static String fieldOf(@Nullable String message) {
        if (message == null) {
            return "body";
        }
        int colon = message.indexOf(':');
        String head = (colon > 0 ? message.substring(0, colon) : message).split(" ")[0];
        return head.matches("[A-Za-z.\\[\\]0-9]+") ? head : "body";
    }
}
