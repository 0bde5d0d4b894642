package org.spoc.escalation.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A catalog held in memory: the defaults, replaced by {@link #put} calls. Thread-safe. */
public class InMemorySlaCatalog implements SlaCatalog {

    private final Map<String, SlaPolicy> policies = new ConcurrentSkipListMap<>();
    private final Map<String, ConcurrentSkipListMap<Integer, BusinessCalendar>> calendars = new ConcurrentHashMap<>();
    private volatile EscalationPolicy escalationPolicy = EscalationPolicy.defaults();

    public InMemorySlaCatalog() {
        SlaPolicy.defaults().forEach(this::put);
        put(BusinessCalendar.twentyFourSeven());
        put(BusinessCalendar.office());
    }

    public final void put(SlaPolicy policy) {
        policies.put(policy.id(), policy);
    }

    /** Adds a calendar version; it becomes current when it is the highest version of its id. */
    public final void put(BusinessCalendar calendar) {
        calendars.computeIfAbsent(calendar.id(), id -> new ConcurrentSkipListMap<>()).put(calendar.version(), calendar);
    }

    public void put(EscalationPolicy policy) {
        this.escalationPolicy = policy;
    }

    public boolean removePolicy(String id) {
        return policies.remove(id) != null;
    }

    /** The next version number a replacement of calendar {@code id} gets. */
    public int nextCalendarVersion(String id) {
        ConcurrentSkipListMap<Integer, BusinessCalendar> versions = calendars.get(id);
        return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    }

    public List<BusinessCalendar> currentCalendars() {
        List<BusinessCalendar> current = new ArrayList<>();
        calendars.values().forEach(v -> current.add(v.lastEntry().getValue()));
        current.sort(java.util.Comparator.comparing(BusinessCalendar::id));
        return current;
    }

    public boolean hasCalendar(String id) {
        return calendars.containsKey(id);
    }

    @Override
    public List<SlaPolicy> policies() {
        return List.copyOf(policies.values());
    }

    @Override
    public BusinessCalendar calendar(String id) {
        ConcurrentSkipListMap<Integer, BusinessCalendar> versions = calendars.get(id);
        if (versions == null || versions.isEmpty()) {
            if (BusinessCalendar.ALWAYS_ID.equals(id)) {
                return BusinessCalendar.twentyFourSeven();
            }
            throw new NoSuchElementException("no calendar " + id);
        }
        return versions.lastEntry().getValue();
    }

    @Override
    public BusinessCalendar calendar(String id, int version) {
        ConcurrentSkipListMap<Integer, BusinessCalendar> versions = calendars.get(id);
        BusinessCalendar calendar = versions == null ? null : versions.get(version);
        return calendar != null ? calendar : calendar(id);
    }

    @Override
    public EscalationPolicy escalationPolicy() {
        return escalationPolicy;
    }
}
