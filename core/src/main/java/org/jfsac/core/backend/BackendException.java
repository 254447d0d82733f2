package org.jfsac.core.backend;

/** A device call failed; the message names the op and its shapes. */
public class BackendException extends RuntimeException {
    public BackendException(String message) { super(message); }
    public BackendException(String message, Throwable cause) { super(message, cause); }
}
