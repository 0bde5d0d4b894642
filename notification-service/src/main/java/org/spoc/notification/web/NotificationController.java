package org.spoc.notification.web;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.notification.domain.NotificationStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own in-app inbox: nobody can list or mark anyone else's notifications. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationStore store;
    private final Clock clock;

    NotificationController(NotificationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A page of the inbox, newest first; {@code before} is the {@code nextBefore} of the previous page. */
    record Inbox(long unread, List<NotificationView> items, @Nullable Long nextBefore) {
    }

    @GetMapping
    Inbox inbox(CurrentUser user, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) @Nullable Long before) {
        if (limit < 1 || limit > 200) {
            throw ApiException.badRequest("limit", "must be between 1 and 200");
        }
        List<NotificationView> items = store.inbox(user.username(), limit, before).stream()
                .map(NotificationView::of).toList();
        Long next = items.size() == limit ? items.getLast().seq() : null;
        return new Inbox(store.unread(user.username()), items, next);
    }

    @PostMapping("/{id}/read")
    NotificationView read(CurrentUser user, @PathVariable String id) {
        return store.markRead(user.username(), id, clock.instant()).map(NotificationView::of)
                .orElseThrow(() -> ApiException.notFound("notification " + id));
    }

    @PostMapping("/read-all")
    Map<String, Long> readAll(CurrentUser user) {
        return Map.of("marked", store.markAllRead(user.username(), clock.instant()));
    }
}
