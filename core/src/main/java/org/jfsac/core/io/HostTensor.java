package org.jfsac.core.io;

import java.util.Arrays;

/**
 * A float32 tensor in host memory, row-major (C order), as read from or written to files.
 * The data array is not copied: the record takes ownership of it. The shape is copied, so
 * the shape can never disagree with the data length.
 */
public record HostTensor(int[] shape, float[] data) {

    public HostTensor {
        if (data == null) throw new IllegalArgumentException("HostTensor: data is null");
        shape = Shapes.checked(shape, data.length, "HostTensor");
    }

    /** The shape; a copy, so callers cannot break the shape/data invariant. */
    @Override
    public int[] shape() { return shape.clone(); }

    public int numel() { return data.length; }

    public int rank() { return shape.length; }

    public int dim(int i) { return shape[i]; }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }

    @Override
    public String toString() { return "HostTensor" + Arrays.toString(shape); }
}
