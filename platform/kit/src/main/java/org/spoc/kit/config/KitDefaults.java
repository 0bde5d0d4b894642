package org.spoc.kit.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds {@code spoc-kit-defaults.properties} as the lowest-precedence property source, so every
 * service runs with the same actuator, Kafka, Mongo, security and JSON defaults and can still
 * override any of them in its own {@code application.yml}.
 */
public class KitDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "spocKitDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            Properties defaults = PropertiesLoaderUtils
                    .loadProperties(new ClassPathResource("spoc-kit-defaults.properties"));
            String logFormat = environment.getProperty("SPOC_LOG_FORMAT");
            if (logFormat != null && !logFormat.isBlank()) {
                defaults.setProperty("logging.structured.format.console", logFormat);
            }
            environment.getPropertySources().addLast(new PropertiesPropertySource(SOURCE_NAME, defaults));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
