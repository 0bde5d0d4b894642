package org.spoc.problem.domain.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

/** Builds incident signals for detection tests. */
final class Incidents {

    static final Instant T0 = Instant.parse("2026-03-03T09:00:00Z");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Incidents() {
    }

    static IncidentSignal incident(String requester, String title, @Nullable String category, @Nullable String service,
            @Nullable String location, Duration after) {
        return incident(requester, title, category, service, location, T0.plus(after), Priority.P3);
    }

    static IncidentSignal incident(String requester, String title, @Nullable String category, @Nullable String service,
            @Nullable String location, Instant at, Priority priority) {
        int n = SEQUENCE.incrementAndGet();
        Level impact = priority == Priority.P1 ? Level.HIGH : Level.MEDIUM;
        return new IncidentSignal("ticket-" + n, "INC%07d".formatted(n), requester, title,
                "reported by " + requester + ": " + title, category, service, location, priority, impact, false, 1, at);
    }

    static IncidentSignal printer(String requester, String title, Duration after) {
        return incident(requester, title, "Hardware", "printing", "Berlin HQ / Building B / Floor 3", after);
    }

    static IncidentSignal withVersion(IncidentSignal s, long version) {
        return new IncidentSignal(s.ticketId(), s.number(), s.requester(), s.title(), s.description(), s.category(),
                s.service(), s.location(), s.priority(), s.impact(), s.cancelled(), version, s.openedAt());
    }

    static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    /** Unrelated background tickets, so term weights look like a real desk's. */
    static void background(Detector detector, int count, Instant from) {
        background(count, from).forEach(detector::accept);
    }

    /** The background tickets themselves, to feed the very same ones to more than one detector. */
    static List<IncidentSignal> background(int count, Instant from) {
        List<IncidentSignal> signals = new ArrayList<>();
        String[] texts = { "laptop screen flickering", "need access to shared folder finance",
                "password reset for sap account", "new monitor request", "teams call audio drops",
                "excel crashes when opening macro", "cannot install python package", "onboarding new starter laptop",
                "purchase order approval pending", "keyboard keys sticking", "outlook calendar invite missing",
                "docking station not detecting screen" };
        String[] categories = { "Hardware", "Access", "Access", "Hardware", "Miscellaneous", "Miscellaneous", "Hardware",
                "HR Support", "Purchase", "Hardware", "Miscellaneous", "Hardware" };
        for (int i = 0; i < count; i++) {
            int k = i % texts.length;
            signals.add(incident("bg" + i, texts[k] + " " + i, categories[k], null, "Hamburg Office / Floor 1",
                    from.minus(Duration.ofHours(6L * (count - i))), Priority.P4));
        }
        return signals;
    }
}
