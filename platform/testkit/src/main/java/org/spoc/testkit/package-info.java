/**
 * The SPOC testkit: one JUnit 5 extension ({@link org.spoc.testkit.SpocIntegrationTest}) that gives
 * integration tests Kafka, a MongoDB-wire store and signed tokens, plus event assertions
 * ({@link org.spoc.testkit.KafkaEvents}) and a settable clock ({@link org.spoc.testkit.MutableClock}).
 */
@NullMarked
package org.spoc.testkit;

import org.jspecify.annotations.NullMarked;
