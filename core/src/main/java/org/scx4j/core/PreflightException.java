package org.scx4j.core;

/**
 * A scheduler cannot start on this machine, for a reason the user can fix: the message
 * says what is wrong and what to do. The CLI prints it without a stack trace and exits
 * non-zero.
 */
public final class PreflightException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PreflightException(String message) {
        super(message);
    }
}
