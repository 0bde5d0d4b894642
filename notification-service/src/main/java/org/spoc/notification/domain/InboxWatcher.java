package org.spoc.notification.domain;

/** Told when a user's in-app notifications change, so live streams push at once instead of at the next poll. */
@FunctionalInterface
public interface InboxWatcher {

    void changed(String user);
}
