package org.jfsac.core.backend;

import java.util.Arrays;

/**
 * A strided window onto a {@link Buffer}: element {@code [i0,...,ik]} lives at
 * {@code offset + sum(i_d * strides[d])}. A stride of 0 repeats a dimension (broadcasting).
 * Every backend op that reads or writes "a tensor" takes a View, so views never need copying first.
 */
public record View(Buffer buffer, int[] shape, int[] strides, int offset) {

    /** A dense row-major view of the first elements of {@code buffer}. */
    public static View contiguous(Buffer buffer, int... shape) {
        return new View(buffer, shape, contiguousStrides(shape), 0);
    }

    /** The strides of a dense row-major tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** The number of dimensions. */
    public int rank() { return shape.length; }

    /** The number of elements. */
    public int numel() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** True when the elements are densely packed in row-major order (strides of size-1 dims are ignored). */
    public boolean isContiguous() {
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != acc) return false;
            acc *= shape[d];
        }
        return true;
    }

    @Override
    public String toString() {
        return "View" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " @" + offset;
    }
}
