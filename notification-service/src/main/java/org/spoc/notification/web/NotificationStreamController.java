package org.spoc.notification.web;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/notifications/stream}: the caller's own notifications, live. */
@RestController
class NotificationStreamController {

    private final NotificationStream stream;

    NotificationStreamController(NotificationStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/api/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(CurrentUser user, @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String last) {
        Long lastEventId = null;
        if (last != null && !last.isBlank()) {
            try {
                lastEventId = Long.parseLong(last.trim());
            }
            catch (NumberFormatException ex) {
                throw ApiException.badRequest("Last-Event-ID", "must be the id of an event of this stream");
            }
        }
        return stream.open(user.username(), lastEventId);
    }
}
