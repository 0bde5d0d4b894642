package org.spoc.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of event payloads: ISO-8601 instants and durations, absent instead of null,
 * and unknown fields ignored on read so that consumers keep working when producers add fields.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("payload is not a valid " + type.getSimpleName() + ": "
                    + ex.getOriginalMessage(), ex);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("payload is not JSON: " + ex.getOriginalMessage(), ex);
        }
    }
}
