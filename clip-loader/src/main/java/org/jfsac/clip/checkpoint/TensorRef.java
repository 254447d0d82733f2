package org.jfsac.clip.checkpoint;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a strided view of a storage,
 * offsets and strides counted in elements. Materialised only after the whole pickle is read.
 */
record TensorRef(StorageRef storage, long offset, int[] size, long[] stride) {

    /** Element count; ArithmeticException when a hostile shape overflows. */
    long numel() {
        long n = 1;
        for (int d : size) n = Math.multiplyExact(n, d);
        return n;
    }

    /** One past the largest storage element the view touches (offset for an empty view); ArithmeticException on overflow. */
    long extent() {
        if (numel() == 0) return offset;
        long last = offset;
        for (int i = 0; i < size.length; i++) last = Math.addExact(last, Math.multiplyExact(size[i] - 1L, stride[i]));
        return Math.addExact(last, 1);
    }

    /** True when the view is the whole storage in row-major order, so the storage array can be used as is. */
    boolean coversStorageContiguously() {
        if (offset != 0 || numel() != storage.numel()) return false;
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) return false;
            expected *= size[i];
        }
        return true;
    }
}
