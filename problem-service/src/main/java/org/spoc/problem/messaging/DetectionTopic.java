package org.spoc.problem.messaging;

/**
 * The internal topic where all incident events meet in one place for detection. Not part of the
 * contract: only problem-service reads and writes it. One partition, one key: related incidents may
 * share a service or a category (either one), so no finer key keeps every related pair together;
 * one consumer at a time owns detection, and a rebalance hands it to another replica, which reads
 * the detection state from MongoDB. See docs/decisions/problem-detection.md.
 */
public final class DetectionTopic {

    public static final String NAME = "spoc.problem.internal.detection.v1";
    public static final String KEY = "detection";
    public static final String GROUP = "problem-service-detection";

    private DetectionTopic() {
    }
}
