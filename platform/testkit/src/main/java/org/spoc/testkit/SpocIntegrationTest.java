package org.spoc.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test that needs Kafka, MongoDB and tokens: registers {@link SpocInfrastructure}.
 * Use it with or without {@code @SpringBootTest}, in either order: the infrastructure is started and
 * its system properties set before the Spring test context loads.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SpocInfrastructure.class)
public @interface SpocIntegrationTest {
}
