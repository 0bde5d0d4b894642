package org.spoc.kit.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * An error a client can act on, rendered as RFC 9457 problem details by {@link ProblemDetailsAdvice}.
 * {@code properties} become extra members of the problem body (for example {@code field} or
 * {@code allowed}).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String title, String detail, Map<String, ?> properties) {
        super(detail);
        this.status = status;
        this.title = title;
        this.properties = new LinkedHashMap<>(properties);
    }

    /** 400: {@code field} is at fault; the body carries {@code field} and {@code errors}. */
    public static ApiException badRequest(String field, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + detail,
                Map.of("field", field, "errors", List.of(Map.of("field", field, "detail", detail))));
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " was not found", Map.of());
    }

    public static ApiException conflict(String detail, Map<String, ?> properties) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, properties);
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "Precondition failed", detail, Map.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail, Map.of());
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Content too large", detail, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public @Nullable Object property(String name) {
        return properties.get(name);
    }
}
