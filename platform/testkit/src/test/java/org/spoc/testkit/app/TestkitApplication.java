package org.spoc.testkit.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The lightest Boot application with Kafka and MongoDB auto-configuration. The service kit's own
 * auto-configurations are filtered out ({@link WithoutKitAutoConfiguration}): this module tests the
 * testkit, not the kit.
 */
@SpringBootApplication
public class TestkitApplication {
}
