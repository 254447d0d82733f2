package org.jfsac.gpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class StridedLayoutTest {
    @Test void contiguousCollapsesToRankOne() {
        StridedLayout l = StridedLayout.of(new int[]{2, 3, 4}, new int[]{12, 4, 1}, new int[]{12, 4, 1});
        assertArrayEquals(new int[]{24}, l.shape());
        assertTrue(l.allContiguous());
        assertArrayEquals(new int[]{1, 24, 1, 1}, l.meta(0, 2));
    }

    @Test void broadcastAndTransposeKeepTheirDimensions() {
        // bias broadcast over rows: [197, 768] with strides {0, 1} next to a contiguous operand
        StridedLayout l = StridedLayout.of(new int[]{4, 197, 768}, new int[]{197 * 768, 768, 1}, new int[]{0, 0, 1});
        assertArrayEquals(new int[]{4 * 197, 768}, l.shape());
        assertArrayEquals(new int[]{0, 1}, l.strides(1));
        assertFalse(l.allContiguous());
        StridedLayout t = StridedLayout.of(new int[]{5, 3}, new int[]{1, 5});
        assertEquals(2, t.rank());
    }

    @Test void unitDimensionsAndScalars() {
        StridedLayout l = StridedLayout.of(new int[]{1, 7, 1}, new int[]{99, 3, 42});
        assertArrayEquals(new int[]{7}, l.shape());
        assertArrayEquals(new int[]{3}, l.strides(0));
        StridedLayout s = StridedLayout.of(new int[]{1, 1}, new int[]{5, 9});
        assertTrue(s.allContiguous());
        assertEquals(1, s.shape()[0]);
    }

    /** Walking the simplified layout visits the same offsets, in the same order, as the original. */
    @Test void simplificationPreservesEveryOffset() {
        Random r = new Random(System.nanoTime());
        for (int trial = 0; trial < 200; trial++) {
            int rank = 1 + r.nextInt(5);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = 1 + r.nextInt(4);
            int[] a = new int[rank], b = org.jfsac.core.backend.View.contiguousStrides(shape);
            for (int d = 0; d < rank; d++) a[d] = r.nextInt(3) == 0 ? 0 : b[d] * (r.nextBoolean() ? 1 : 2);
            StridedLayout l = StridedLayout.of(shape, a, b);
            assertArrayEquals(offsets(shape, a), offsets(l.shape(), l.strides(0)), "layout " + l);
            assertArrayEquals(offsets(shape, b), offsets(l.shape(), l.strides(1)), "layout " + l);
        }
    }

    private static int[] offsets(int[] shape, int[] strides) {
        int n = 1;
        for (int s : shape) n *= s;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int rest = i, off = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                off += (rest % shape[d]) * strides[d];
                rest /= shape[d];
            }
            out[i] = off;
        }
        return out;
    }

    @Test void rankAboveEightIsRejected() {
        int[] shape = new int[9], strides = new int[9];
        for (int d = 0; d < 9; d++) {
            shape[d] = 2;
            strides[d] = 1 << (2 * (8 - d)); // gaps everywhere: nothing merges
        }
        assertThrows(IllegalArgumentException.class, () -> StridedLayout.of(shape, strides));
    }
}
