package org.jfsac.core.backend;

/** A device call failed; the message names the op and its shapes. */
public class BackendException extends RuntimeException {
    /** A device failure described by {@code message}. */
    public BackendException(String message) { super(message); }
    /** A device failure described by {@code message}, caused by {@code cause} (e.g. the native library's error). */
    public BackendException(String message, Throwable cause) { super(message, cause); }
}
