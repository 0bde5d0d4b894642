package org.spoc.ticket.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An attachment's metadata; the bytes live in a document store outside SPOC. */
public record Attachment(String id, String fileName, String contentType, long size, @Nullable String url,
        String uploadedBy, Instant at) {
}
