package org.spoc.events;

/**
 * A record that cannot be an event of the contract: missing CloudEvents headers or a payload that
 * does not map. Never worth retrying; error handlers send it straight to the dead-letter topic.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
