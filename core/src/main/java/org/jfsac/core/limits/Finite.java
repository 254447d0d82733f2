package org.jfsac.core.limits;

import org.jfsac.core.io.TensorFormatException;

/**
 * Weights and hyper-parameters must be finite: a NaN or infinity read from a file would otherwise
 * flow silently into every score (and into JSON, which has no NaN).
 */
public final class Finite {
    private Finite() {}

    /** Refuses {@code data} if any value is NaN or infinite, naming the file, the tensor and the first bad index. */
    public static void check(String file, String tensor, float[] data) throws TensorFormatException {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new TensorFormatException(file + ": tensor '" + tensor + "' holds a non-finite value (" + data[i]
                        + " at flat index " + i + ")");
            }
        }
    }

    /** Refuses a non-finite hyper-parameter, naming the file and the field. */
    public static void check(String file, String field, double value) throws TensorFormatException {
        if (!Double.isFinite(value)) throw new TensorFormatException(file + ": " + field + " = " + value + " is not a finite number");
    }
}
