package org.spoc.kit.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentEntriesTests {

    @Test
    void dropsTheLeastRecentlyUsedWhenFull() {
        RecentEntries<String, Long> recent = new RecentEntries<>(2);
        recent.put("a", 1L);
        recent.put("b", 2L);
        assertThat(recent.get("a")).isEqualTo(1L); // a is now more recent than b

        recent.put("c", 3L);

        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.get("b")).isNull();
        assertThat(recent.get("a")).isEqualTo(1L);
        assertThat(recent.get("c")).isEqualTo(3L);
    }

    @Test
    void containsDoesNotMakeAnEntryMoreRecent() {
        RecentEntries<String, Boolean> recent = new RecentEntries<>(2);
        recent.put("a", true);
        recent.put("b", true);
        assertThat(recent.contains("a")).isTrue();

        recent.put("c", true);

        assertThat(recent.contains("a")).isFalse();
        assertThat(recent.contains("b")).isTrue();
    }

    @Test
    void forgetsEverythingWhenCleared() {
        RecentEntries<String, Long> recent = new RecentEntries<>(4);
        recent.put("a", 1L);
        recent.clear();
        assertThat(recent.get("a")).isNull();
        assertThat(recent.size()).isZero();
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new RecentEntries<String, Long>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
