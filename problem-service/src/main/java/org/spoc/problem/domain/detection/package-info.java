/**
 * Streaming detection of recurring incidents and bursts: pure Java, event time only, no Spring.
 * {@link org.spoc.problem.domain.detection.Detector} is the entry point.
 */
@NullMarked
package org.spoc.problem.domain.detection;

import org.jspecify.annotations.NullMarked;
