/**
 * The event contract between SPOC services and with tier-2 teams: topics, CloudEvents types,
 * payload records and the CloudEvents binary-mode Kafka binding. See docs/asyncapi.yaml.
 */
@NullMarked
package org.spoc.events;

import org.jspecify.annotations.NullMarked;
