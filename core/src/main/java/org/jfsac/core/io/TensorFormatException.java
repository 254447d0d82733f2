package org.jfsac.core.io;

import java.io.IOException;

/** A tensor or checkpoint file is malformed, hostile or unsupported; the message names the file and the problem. */
public class TensorFormatException extends IOException {
    public TensorFormatException(String message) { super(message); }
    public TensorFormatException(String message, Throwable cause) { super(message, cause); }
}
