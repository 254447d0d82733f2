package org.jfsac.core.io;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor records and file readers. */
public final class Shapes {
    private Shapes() {}

    /**
     * Number of elements of {@code shape}, or -1 when a dimension is negative or the product
     * overflows a long (readers turn -1 into an error that names the file and tensor).
     */
    public static long numelOrNegative(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) return -1;
            if (d != 0 && n > Long.MAX_VALUE / d) return -1;
            n *= d;
        }
        return n;
    }

    static long numelOrNegative(int[] shape) {
        return numelOrNegative(Arrays.stream(shape).asLongStream().toArray());
    }

    /** Validates a shape against the length of the flat array that must hold it; returns a private copy. */
    static int[] checked(int[] shape, int dataLength, String what) {
        if (shape == null) throw new IllegalArgumentException(what + ": shape is null");
        long n = numelOrNegative(shape);
        if (n < 0) throw new IllegalArgumentException(what + ": invalid shape " + Arrays.toString(shape));
        if (n != dataLength) {
            throw new IllegalArgumentException(what + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " elements but data has " + dataLength);
        }
        return shape.clone();
    }

    /** Narrows a validated element count to an int, the most a Java array can hold. */
    public static int toArrayLength(long numel, String what) throws TensorFormatException {
        if (numel > Integer.MAX_VALUE - 8) {
            throw new TensorFormatException(what + ": " + numel + " elements exceed the largest Java array");
        }
        return (int) numel;
    }
}
