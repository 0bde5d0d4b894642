package org.spoc.testkit;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Turns the embedded broker's chatter (thousands of INFO lines per run) down to WARN: directly in
 * Logback when it is the logging backend, and as {@code logging.level.*} system properties so that
 * Spring Boot, which resets levels when a context starts, applies the same. A level a build already
 * sets (system property) is left alone.
 */
final class QuietLogs {

    private static final List<String> NOISY = List.of("kafka", "org.apache.kafka", "state.change.logger",
            "org.apache.zookeeper", "de.bwaldvogel.mongo", "org.mongodb.driver");

    private QuietLogs() {
    }

    static void apply() {
        for (String logger : NOISY) {
            String property = "logging.level." + logger;
            if (System.getProperty(property) != null) {
                continue;
            }
            System.setProperty(property, "WARN");
            set(logger, "WARN");
        }
    }

    /** The level set on a Logback logger ({@code null}: inherited, or not Logback). */
    static @Nullable String level(String name) {
        try {
            Object logger = LoggerFactory.getLogger(name);
            Object level = logger.getClass().getMethod("getLevel").invoke(logger);
            return level == null ? null : level.toString();
        }
        catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
            return null;
        }
    }

    /** Sets a Logback logger's level ({@code null}: inherit); does nothing when Logback is not the backend. */
    static void set(String name, @Nullable String level) {
        try {
            Object logger = LoggerFactory.getLogger(name);
            Class<?> levelType = Class.forName("ch.qos.logback.classic.Level", false, logger.getClass().getClassLoader());
            Object value = level == null ? null : levelType.getMethod("toLevel", String.class).invoke(null, level);
            Method setLevel = logger.getClass().getMethod("setLevel", levelType);
            setLevel.invoke(logger, value);
        }
        catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
            // not Logback: the system properties still reach Spring Boot
        }
    }
}
