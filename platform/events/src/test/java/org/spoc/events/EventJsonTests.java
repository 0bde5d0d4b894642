package org.spoc.events;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.knowledge.Suggestion;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.ticket.FieldChange;
import org.spoc.events.ticket.TicketEvent;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTests {

    private static final Instant STARTED = Instant.parse("2026-11-20T09:12:40Z");

    @Test
    void writesInstantsAndDurationsAsIso8601Strings() {
        SlaEvent event = new SlaEvent("t-1", "INC0000001", SlaClockKind.RESOLUTION, "p2-incident", "24x7", 2,
                "network-ops", "P2", SlaClockState.BREACHED, STARTED, Instant.parse("2026-11-20T17:12:40.5Z"),
                Duration.ofHours(8), Duration.ofHours(8).plusMinutes(25), Duration.ofMinutes(-25), true,
                Instant.parse("2026-11-20T17:37:40.123456789Z"));

        JsonNode json = EventJson.tree(EventJson.write(event));

        assertThat(json.get("startedAt").isString()).isTrue();
        assertThat(json.get("startedAt").asString()).isEqualTo("2026-11-20T09:12:40Z");
        assertThat(json.get("dueAt").asString()).isEqualTo("2026-11-20T17:12:40.500Z");
        assertThat(json.get("at").asString()).isEqualTo("2026-11-20T17:37:40.123456789Z");
        assertThat(json.get("target").asString()).isEqualTo("PT8H");
        assertThat(json.get("elapsed").asString()).isEqualTo("PT8H25M");
        assertThat(json.get("remaining").asString()).isEqualTo("PT-25M");
        assertThat(json.get("clock").asString()).isEqualTo("RESOLUTION");
        assertThat(json.get("tier").isInt()).isTrue();
        assertThat(EventJson.read(EventJson.write(event), SlaEvent.class)).isEqualTo(event);
    }

    @Test
    void omitsNullMembersInsteadOfWritingNull() {
        String json = EventJson.write(new LinkedIncident("t-1", null, null, null, STARTED));

        assertThat(EventJson.tree(json).propertyNames()).containsExactlyInAnyOrder("ticketId", "linkedAt");
        assertThat(json).doesNotContain("null");
        assertThat(EventJson.write(new FieldChange("assignee", "hank", null))).doesNotContain("\"to\"");
    }

    @Test
    void readsAbsentNullableMembersAsNull() {
        Suggestion suggestion = EventJson.read(
                "{\"articleId\":\"kb-1\",\"title\":\"Reset VPN\",\"score\":0.5,\"knownError\":false}",
                Suggestion.class);

        assertThat(suggestion).isEqualTo(new Suggestion("kb-1", "Reset VPN", 0.5, false, null));
    }

    @Test
    void ignoresUnknownMembersOnRead() {
        String withAddedFields = "{\"ticketId\":\"t-1\",\"linkedAt\":\"2026-11-20T09:12:40Z\",\"number\":\"INC0000001\","
                + "\"confidence\":0.9,\"cluster\":{\"id\":\"c-7\",\"size\":4},\"tags\":[\"vpn\"]}";

        LinkedIncident incident = EventJson.read(withAddedFields, LinkedIncident.class);

        assertThat(incident).isEqualTo(new LinkedIncident("t-1", "INC0000001", null, null, STARTED));
    }

    @Test
    void readsEverySampleBackToAnEqualRecord() {
        for (EventType type : EventType.values()) {
            assertThat(EventJson.read(EventSamples.json(type), type.payload())).as(type.type())
                    .isEqualTo(EventSamples.payload(type));
        }
    }

    @Test
    void keepsListsAndEnumsByName() {
        TicketEvent event = (TicketEvent) EventSamples.payload(EventType.TICKET_ASSIGNED);

        JsonNode json = EventJson.tree(EventJson.write(event));

        assertThat(json.at("/ticket/status").asString()).isEqualTo("ASSIGNED");
        assertThat(json.at("/ticket/priority").asString()).isEqualTo("P2");
        assertThat(json.at("/changes/0/field").asString()).isEqualTo("assignee");
        assertThat(json.at("/changes/0").has("from")).isFalse();
        assertThat(json.at("/ticket/suggestedArticles").isArray()).isTrue();
        assertThat(json.has("comment")).isFalse();
    }

    @Test
    void reportsAPayloadThatDoesNotMapAsAnInvalidEvent() {
        assertThatThrownBy(() -> EventJson.read("{\"ticketId\":\"t-1\",\"linkedAt\":\"last tuesday\"}",
                LinkedIncident.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("LinkedIncident");
        assertThatThrownBy(() -> EventJson.tree("not json")).isInstanceOf(InvalidEventException.class);
    }
}
