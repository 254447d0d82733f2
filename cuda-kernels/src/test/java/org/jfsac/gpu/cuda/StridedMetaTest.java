package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The merged layout must address exactly the same elements, in the same row-major order, as the
 * original one: checked by enumerating offsets both ways (the kernels' strided_offsets, in Java).
 */
class StridedMetaTest {

    /** Offsets of element i of every operand, decoding the meta array as elementwise.cu does. */
    static int[] kernelOffsets(int[] meta, int nops, int i) {
        int rank = meta[0];
        int[] off = new int[nops];
        for (int d = rank - 1; d >= 0; d--) {
            int extent = meta[1 + d];
            int c = i % extent;
            i /= extent;
            for (int k = 0; k < nops; k++) off[k] += c * meta[1 + rank * (k + 1) + d];
        }
        return off;
    }

    static int[] directOffsets(int[] shape, int[][] strides, int i) {
        int[] off = new int[strides.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            int c = i % shape[d];
            i /= shape[d];
            for (int k = 0; k < strides.length; k++) off[k] += c * strides[k][d];
        }
        return off;
    }

    @Test
    void mergedLayoutsAddressTheSameElementsAsTheOriginal() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int rank = rnd.nextInt(0, 6);
            int[] shape = new int[rank];
            int n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = rnd.nextInt(1, 5);
                n *= shape[d];
            }
            int nops = rnd.nextInt(1, 4);
            int[][] strides = new int[nops][];
            for (int k = 0; k < nops; k++) strides[k] = randomLayout(shape, rnd);
            int[] meta = StridedMeta.of(shape, strides).encode();
            for (int i = 0; i < n; i++) {
                assertArrayEquals(directOffsets(shape, strides, i), kernelOffsets(meta, nops, i),
                        "trial " + trial + " element " + i);
            }
        }
    }

    /** Contiguous, permuted, broadcast (stride 0) or sliced (stride doubled) strides for shape. */
    private static int[] randomLayout(int[] shape, SplittableRandom rnd) {
        int rank = shape.length;
        int[] perm = new int[rank];
        for (int d = 0; d < rank; d++) perm[d] = d;
        if (rnd.nextBoolean()) {
            for (int d = rank - 1; d > 0; d--) {
                int j = rnd.nextInt(d + 1);
                int t = perm[d]; perm[d] = perm[j]; perm[j] = t;
            }
        }
        int[] s = new int[rank];
        int acc = 1;
        for (int d = rank - 1; d >= 0; d--) {
            s[perm[d]] = acc;
            acc *= shape[perm[d]] * (rnd.nextInt(4) == 0 ? 2 : 1);
        }
        for (int d = 0; d < rank; d++) if (rnd.nextInt(5) == 0) s[d] = 0;
        return s;
    }

    @Test
    void denseAndTransposedViewsCollapseAsExpected() {
        StridedMeta dense = StridedMeta.of(new int[] {4, 1, 6, 5}, new int[] {30, 30, 5, 1});
        assertEquals(1, dense.rank());
        assertTrue(dense.isContiguous(0));
        StridedMeta transposed = StridedMeta.of(new int[] {4, 6}, new int[] {1, 4});
        assertEquals(2, transposed.rank());
        assertTrue(!transposed.isContiguous(0));
        // A row broadcast against a dense matrix: [3,4] with strides (0,1) merges nothing.
        StridedMeta bias = StridedMeta.of(new int[] {3, 4}, new int[] {4, 1}, new int[] {0, 1});
        assertArrayEquals(new int[] {2, 3, 4, 4, 1, 0, 1}, bias.encode());
        // A scalar becomes one element of rank 1.
        assertArrayEquals(new int[] {1, 1, 0}, StridedMeta.of(new int[0], new int[0]).encode());
    }
}
