package org.spoc.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.ticket.TicketEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventTests {

    @Test
    void roundTripThroughKafkaKeepsEveryAttributeKeyDataAndExtensionHeader() {
        EscalationRaised raised = (EscalationRaised) EventSamples.payload(EventType.ESCALATION_RAISED);
        Instant time = Instant.parse("2026-11-20T14:13:00.123456Z");
        CloudEvent sent = CloudEvent.of(EventType.ESCALATION_RAISED, raised.ticketId(), raised.ticketId(), raised,
                time, Map.of(CloudEvent.H_TEAM, "network-ops", CloudEvent.H_TIER, "2"));

        ProducerRecord<String, byte[]> record = sent.toProducerRecord();
        CloudEvent received = CloudEvent.from(consumed(record));

        assertThat(record.topic()).isEqualTo(Topics.ESCALATION);
        assertThat(record.key()).isEqualTo(raised.ticketId());
        assertThat(header(record.headers(), "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record.headers(), "content-type")).isEqualTo("application/json");
        assertThat(header(record.headers(), "ce_time")).isEqualTo("2026-11-20T14:13:00.123456Z");
        assertThat(header(record.headers(), "spoc_team")).isEqualTo("network-ops");
        assertThat(received).isEqualTo(sent);
        assertThat(received.id()).isEqualTo(sent.id());
        assertThat(received.type()).isEqualTo("spoc.escalation.raised.v1");
        assertThat(received.source()).isEqualTo("/spoc/escalation-service");
        assertThat(received.subject()).isEqualTo(raised.ticketId());
        assertThat(received.time()).isEqualTo(time);
        assertThat(received.key()).isEqualTo(raised.ticketId());
        assertThat(received.header(CloudEvent.H_TEAM)).isEqualTo("network-ops");
        assertThat(received.header(CloudEvent.H_TIER)).isEqualTo("2");
        assertThat(received.data(EventType.ESCALATION_RAISED, EscalationRaised.class)).isEqualTo(raised);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySampleSurvivesTheRoundTripAndStaysValid(EventType type) {
        CloudEvent sent = EventSamples.cloudEvent(type);

        CloudEvent received = CloudEvent.from(consumed(sent.toProducerRecord()));

        assertThat(received).isEqualTo(sent);
        assertThat(received.data(type.payload())).isEqualTo(EventSamples.payload(type));
        assertThat(EventSchemas.validate(received)).isEmpty();
    }

    @Test
    void newEventsGetUniqueIdsAndTheTypesSourceAndTopic() {
        Object payload = EventSamples.payload(EventType.TICKET_OPENED);

        CloudEvent first = CloudEvent.of(EventType.TICKET_OPENED, EventSamples.TICKET_ID, payload, EventSamples.AT);
        CloudEvent second = CloudEvent.of(EventType.TICKET_OPENED, EventSamples.TICKET_ID, payload, EventSamples.AT);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.source()).isEqualTo("/spoc/ticket-service");
        assertThat(first.topic()).isEqualTo("spoc.ticket.events.v1");
        assertThat(first.key()).isEqualTo(EventSamples.TICKET_ID);
        assertThat(first.data()).isEqualTo(EventSamples.json(EventType.TICKET_OPENED));
    }

    @Test
    void missingKeyFallsBackToTheSubject() {
        ProducerRecord<String, byte[]> record = EventSamples.cloudEvent(EventType.TICKET_CLOSED).toProducerRecord();
        ProducerRecord<String, byte[]> keyless = new ProducerRecord<>(record.topic(), null, (String) null,
                record.value(), record.headers());

        assertThat(CloudEvent.from(consumed(keyless)).key()).isEqualTo(EventSamples.TICKET_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time" })
    void rejectsARecordWithoutARequiredAttribute(String attribute) {
        ProducerRecord<String, byte[]> record = EventSamples.cloudEvent(EventType.TICKET_OPENED).toProducerRecord();
        record.headers().remove(attribute);

        assertThatThrownBy(() -> CloudEvent.from(consumed(record)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining(attribute);
    }

    @Test
    void rejectsABlankAttribute() {
        ProducerRecord<String, byte[]> record = EventSamples.cloudEvent(EventType.TICKET_OPENED).toProducerRecord();
        replace(record.headers(), "ce_id", " ");

        assertThatThrownBy(() -> CloudEvent.from(consumed(record)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ce_id");
    }

    @ParameterizedTest
    @ValueSource(strings = { "yesterday", "2026-11-20 14:30:00", "2026-11-20T14:30:00", "1763649000000" })
    void rejectsAMalformedTime(String time) {
        ProducerRecord<String, byte[]> record = EventSamples.cloudEvent(EventType.TICKET_OPENED).toProducerRecord();
        replace(record.headers(), "ce_time", time);

        assertThatThrownBy(() -> CloudEvent.from(consumed(record)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ce_time").hasMessageContaining(time);
    }

    @Test
    void rejectsAnotherSpecVersionAndARecordWithoutData() {
        ProducerRecord<String, byte[]> v03 = EventSamples.cloudEvent(EventType.TICKET_OPENED).toProducerRecord();
        replace(v03.headers(), "ce_specversion", "0.3");
        ProducerRecord<String, byte[]> tombstone = EventSamples.cloudEvent(EventType.TICKET_OPENED).toProducerRecord();
        ProducerRecord<String, byte[]> empty = new ProducerRecord<>(tombstone.topic(), null, tombstone.key(),
                (byte[]) null, tombstone.headers());

        assertThatThrownBy(() -> CloudEvent.from(consumed(v03))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("0.3");
        assertThatThrownBy(() -> CloudEvent.from(consumed(empty))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("no data");
    }

    @Test
    void ofRejectsAPayloadOfTheWrongClass() {
        Object ticketEvent = EventSamples.payload(EventType.TICKET_OPENED);

        assertThatThrownBy(() -> CloudEvent.of(EventType.ESCALATION_RAISED, EventSamples.TICKET_ID, ticketEvent,
                EventSamples.AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EscalationRaised").hasMessageContaining("TicketEvent");
    }

    @Test
    void dataRefusesToReadAnEventOfAnotherType() {
        CloudEvent opened = EventSamples.cloudEvent(EventType.TICKET_OPENED);

        assertThat(opened.data(EventType.TICKET_OPENED, TicketEvent.class).ticket().number()).isEqualTo("INC0001234");
        assertThatThrownBy(() -> opened.data(EventType.TICKET_CLOSED, TicketEvent.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("spoc.ticket.closed.v1");
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        byte[] value = record.value();
        return new ConsumerRecord<>(record.topic(), 0, 42L, 1_763_649_000_000L, TimestampType.CREATE_TIME,
                value == null ? ConsumerRecord.NULL_SIZE : value.length, value == null ? ConsumerRecord.NULL_SIZE
                        : value.length,
                record.key(), value, new RecordHeaders(record.headers().toArray()), Optional.empty());
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
