package org.spoc.kit.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.validation.ConstraintViolationException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.IgnoredPropertyException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Renders every error of a SPOC service as RFC 9457 problem details ({@code application/problem+json}),
 * naming the field at fault wherever there is one, and never leaking internals on a 500.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException ex) {
        return respond(ex.status(), ex.title(), ex.getMessage(), ex.properties());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> concurrentChange(OptimisticLockingFailureException ex) {
        return respond(HttpStatus.CONFLICT, "Conflict",
                "the resource was changed by someone else at the same time; read it again and retry", Map.of());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraint(ConstraintViolationException ex) {
        List<Map<String, String>> errors = ex.getConstraintViolations().stream()
                .map(v -> Map.of("field", leaf(v.getPropertyPath().toString()), "detail", v.getMessage()))
                .toList();
        return invalid(errors);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException ex) {
        return respond(HttpStatus.FORBIDDEN, "Forbidden", "you are not allowed to do this", Map.of());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException ex) {
        return respond(HttpStatus.UNAUTHORIZED, "Unauthorized", "a valid bearer token is required", Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex) {
        log.error("unexpected error", ex);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "something went wrong on our side; the error has been logged", Map.of());
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getCause();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
                return respond(HttpStatus.CONTENT_TOO_LARGE, "Content too large", tooLarge.getMessage(),
                        Map.of("field", "body"));
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return fieldError(field, "unknown field '" + unknown.getPropertyName() + "'"
                    + known(unknown.getKnownPropertyIds()));
        }
        if (cause instanceof IgnoredPropertyException ignored) {
            return fieldError(path(ignored), "field '" + ignored.getPropertyName() + "' is read-only");
        }
        if (cause instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            List<String> allowed = Arrays.stream(format.getTargetType().getEnumConstants()).map(String::valueOf)
                    .toList();
            String field = path(format);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("field", field);
            props.put("allowed", allowed);
            props.put("errors", List.of(Map.of("field", field, "detail", "must be one of " + allowed)));
            return respond(HttpStatus.BAD_REQUEST, "Invalid request",
                    field + ": '" + format.getValue() + "' is not one of " + allowed, props);
        }
        if (cause instanceof ValueInstantiationException instantiation) {
            Throwable root = instantiation.getCause() != null ? instantiation.getCause() : instantiation;
            if (root instanceof ApiException api) {
                return api(api);
            }
            String field = path(instantiation);
            return fieldError(field.isEmpty() ? "body" : field, String.valueOf(root.getMessage()));
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            String expected = mismatch.getTargetType() == null ? "a different type"
                    : describe(mismatch.getTargetType());
            return fieldError(field.isEmpty() ? "body" : field, "must be " + expected);
        }
        if (cause instanceof StreamReadException || cause instanceof JacksonException || cause == null) {
            return respond(HttpStatus.BAD_REQUEST, "Malformed JSON",
                    "the request body is not valid JSON" + (cause instanceof JacksonException j
                            ? ": " + j.getOriginalMessage() : ""), Map.of("field", "body"));
        }
        return respond(HttpStatus.BAD_REQUEST, "Malformed request", "the request body cannot be read",
                Map.of("field", "body"));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", error.getField(), "detail", String.valueOf(error.getDefaultMessage())));
        }
        ex.getBindingResult().getGlobalErrors().forEach(error -> errors
                .add(Map.of("field", error.getObjectName(), "detail", String.valueOf(error.getDefaultMessage()))));
        return invalid(errors);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error -> errors.add(Map.of("field", String.valueOf(name),
                    "detail", String.valueOf(error.getDefaultMessage()))));
        });
        return invalid(errors);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            org.springframework.beans.TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String field = ex instanceof MethodArgumentTypeMismatchException m ? m.getName()
                : String.valueOf(ex.getPropertyName());
        Class<?> type = ex.getRequiredType();
        if (type != null && type.isEnum()) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
            return respond(HttpStatus.BAD_REQUEST, "Invalid request",
                    field + ": '" + ex.getValue() + "' is not one of " + allowed,
                    Map.of("field", field, "allowed", allowed,
                            "errors", List.of(Map.of("field", field, "detail", "must be one of " + allowed))));
        }
        return fieldError(field, "must be " + (type == null ? "a different type" : describe(type)));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return fieldError(ex.getParameterName(), "is required");
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() != null
                && "about:blank".equals(problem.getType().toString()) && problem.getTitle() != null) {
            problem.setType(java.net.URI.create("https://spoc.dev/problems/" + Problems.slug(problem.getTitle())));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> fieldError(String field, String detail) {
        ApiException ex = ApiException.badRequest(field, detail);
        return respond(ex.status(), ex.title(), ex.getMessage(), ex.properties());
    }

    private ResponseEntity<Object> invalid(List<Map<String, String>> errors) {
        String detail = errors.stream().map(e -> e.get("field") + ": " + e.get("detail"))
                .collect(Collectors.joining("; "));
        Map<String, Object> props = new LinkedHashMap<>();
        if (!errors.isEmpty()) {
            props.put("field", errors.get(0).get("field"));
        }
        props.put("errors", errors);
        return respond(HttpStatus.BAD_REQUEST, "Invalid request", detail, props);
    }

    private static ResponseEntity<Object> respond(HttpStatusCode status, String title, String detail,
            Map<String, ?> properties) {
        ProblemDetail problem = Problems.of(status, title, detail, properties);
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** JSON path of the field at fault: {@code catalogItem}, {@code fields.os}, {@code items[2].name}. */
    static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            }
            else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String known(java.util.@Nullable Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return "; known fields: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String leaf(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static String describe(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time";
        }
        if (java.time.Duration.class == type) {
            return "an ISO-8601 duration";
        }
        return "an object of type " + type.getSimpleName();
    }
}
