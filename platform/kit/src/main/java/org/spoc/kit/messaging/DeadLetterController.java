package org.spoc.kit.messaging;

import java.util.Map;

import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/admin/dead-letters/{topic}/replay}: admins put a topic's dead letters back. */
@RestController
public class DeadLetterController {

    private final DeadLetterReplayer replayer;

    public DeadLetterController(DeadLetterReplayer replayer) {
        this.replayer = replayer;
    }

    @PostMapping("/api/admin/dead-letters/{topic}/replay")
    Map<String, Object> replay(@PathVariable String topic, CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("only admins replay dead letters");
        }
        try {
            return Map.of("topic", topic, "replayed", replayer.replay(topic));
        }
        catch (IllegalArgumentException ex) {
            throw ApiException.badRequest("topic", ex.getMessage());
        }
    }
}
