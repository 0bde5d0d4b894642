package org.spoc.ticket.domain;

import org.junit.jupiter.api.Test;
import org.spoc.events.ticket.TicketType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketNumberTests {

    @Test
    void formatsIncidentsAndRequestsWithTheirPrefixAndSevenDigits() {
        assertThat(TicketNumber.format(TicketType.INCIDENT, 1)).isEqualTo("INC0000001");
        assertThat(TicketNumber.format(TicketType.SERVICE_REQUEST, 56)).isEqualTo("REQ0000056");
        assertThat(TicketNumber.format(TicketType.INCIDENT, 1234)).isEqualTo("INC0001234");
    }

    @Test
    void keepsGrowingPastSevenDigits() {
        assertThat(TicketNumber.format(TicketType.INCIDENT, 12_345_678)).isEqualTo("INC12345678");
    }

    @Test
    void recognisesNumbersButNotIds() {
        assertThat(TicketNumber.isNumber("INC0000001")).isTrue();
        assertThat(TicketNumber.isNumber("REQ0000056")).isTrue();
        assertThat(TicketNumber.isNumber("5f1c2a0e-7a51-4c2e-9a0f-1f7e0c1b2d3e")).isFalse();
        assertThat(TicketNumber.isNumber("INC12")).isFalse();
    }

    @Test
    void rejectsSequencesBelowOne() {
        assertThatThrownBy(() -> TicketNumber.format(TicketType.INCIDENT, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
