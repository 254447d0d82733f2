package org.jfsac.core.io;

import java.util.Arrays;

/** An int64 tensor in host memory, row-major (e.g. token ids). Same ownership rules as {@link HostTensor}. */
public record LongTensor(int[] shape, long[] data) {

    public LongTensor {
        if (data == null) throw new IllegalArgumentException("LongTensor: data is null");
        shape = Shapes.checked(shape, data.length, "LongTensor");
    }

    @Override
    public int[] shape() { return shape.clone(); }

    public int numel() { return data.length; }

    public int rank() { return shape.length; }

    public int dim(int i) { return shape[i]; }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }

    @Override
    public String toString() { return "LongTensor" + Arrays.toString(shape); }
}
