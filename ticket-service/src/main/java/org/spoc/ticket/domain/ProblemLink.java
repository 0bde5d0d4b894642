package org.spoc.ticket.domain;

import org.jspecify.annotations.Nullable;

/** The problem an incident is linked to, as problem-service reported it. */
public record ProblemLink(String problemId, String number, String title, String status,
        @Nullable String workaround) {
}
