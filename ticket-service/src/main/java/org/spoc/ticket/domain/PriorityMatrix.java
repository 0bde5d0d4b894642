package org.spoc.ticket.domain;

import java.util.EnumMap;
import java.util.Map;

import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

/**
 * ITIL priority from impact (rows) and urgency (columns). Every one of the nine cells must be set.
 * The standard matrix is DESIGN.md §4; admins may replace it.
 */
public record PriorityMatrix(Map<Level, Map<Level, Priority>> cells) {

    public PriorityMatrix {
        Map<Level, Map<Level, Priority>> copy = new EnumMap<>(Level.class);
        for (Level impact : Level.values()) {
            Map<Level, Priority> row = cells.get(impact);
            if (row == null) {
                throw new InvalidTicketInput("matrix." + impact, "missing row for impact " + impact);
            }
            Map<Level, Priority> rowCopy = new EnumMap<>(Level.class);
            for (Level urgency : Level.values()) {
                Priority priority = row.get(urgency);
                if (priority == null) {
                    throw new InvalidTicketInput("matrix." + impact + "." + urgency,
                            "missing priority for impact " + impact + " and urgency " + urgency);
                }
                rowCopy.put(urgency, priority);
            }
            copy.put(impact, Map.copyOf(rowCopy));
        }
        cells = Map.copyOf(copy);
    }

    /** HIGH/HIGH=P1; HIGH/MEDIUM, MEDIUM/HIGH=P2; HIGH/LOW, MEDIUM/MEDIUM, LOW/HIGH=P3; MEDIUM/LOW, LOW/MEDIUM=P4; LOW/LOW=P5. */
    public static PriorityMatrix standard() {
        return new PriorityMatrix(Map.of(
                Level.HIGH, Map.of(Level.HIGH, Priority.P1, Level.MEDIUM, Priority.P2, Level.LOW, Priority.P3),
                Level.MEDIUM, Map.of(Level.HIGH, Priority.P2, Level.MEDIUM, Priority.P3, Level.LOW, Priority.P4),
                Level.LOW, Map.of(Level.HIGH, Priority.P3, Level.MEDIUM, Priority.P4, Level.LOW, Priority.P5)));
    }

    public Priority priorityOf(Level impact, Level urgency) {
        return cells.get(impact).get(urgency);
    }
}
