package org.spoc.notification.domain;

/** Where a person receives notifications. Webhooks are not per person and have their own model. */
public enum Channel {
    IN_APP, EMAIL;

    /** The lower-case name used in metrics and in {@code spoc.notification.*} events. */
    public String metricName() {
        return this == IN_APP ? "in-app" : "email";
    }
}
