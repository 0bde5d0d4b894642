package org.spoc.ticket.domain;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriorityMatrixTests {

    @ParameterizedTest(name = "{0} impact x {1} urgency = {2}")
    @CsvSource({
            "HIGH, HIGH, P1",
            "HIGH, MEDIUM, P2", "MEDIUM, HIGH, P2",
            "HIGH, LOW, P3", "MEDIUM, MEDIUM, P3", "LOW, HIGH, P3",
            "MEDIUM, LOW, P4", "LOW, MEDIUM, P4",
            "LOW, LOW, P5" })
    void derivesPriorityFromImpactAndUrgencyPerTheDesignMatrix(Level impact, Level urgency, Priority expected) {
        assertThat(PriorityMatrix.standard().priorityOf(impact, urgency)).isEqualTo(expected);
    }

    @Test
    void rejectsAMatrixWithAMissingCell() {
        assertThatThrownBy(() -> new PriorityMatrix(Map.of(
                Level.HIGH, Map.of(Level.HIGH, Priority.P1, Level.MEDIUM, Priority.P2),
                Level.MEDIUM, Map.of(Level.HIGH, Priority.P2, Level.MEDIUM, Priority.P3, Level.LOW, Priority.P4),
                Level.LOW, Map.of(Level.HIGH, Priority.P3, Level.MEDIUM, Priority.P4, Level.LOW, Priority.P5))))
                .isInstanceOfSatisfying(InvalidTicketInput.class,
                        ex -> assertThat(ex.field()).isEqualTo("matrix.HIGH.LOW"));
    }
}
