package org.jfsac.gpu.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code meta} int array of the strided kernels (see elementwise.cu):
 * {@code {rank, shape[0..rank), strides of operand 0, strides of operand 1, ...}}, after removing
 * size-1 dimensions and merging neighbours that are contiguous in every operand (merging keeps the
 * row-major order of the elements, so the contiguous output's linear index is unchanged). Most views
 * collapse to rank 1; then {@link #isContiguous(int)} lets the host use the plain kernels.
 */
final class StridedMeta {

    /** Largest rank the kernels accept (MAX_RANK in portability.h). */
    static final int MAX_RANK = 8;

    private final int[] shape;
    private final int[][] strides;

    private StridedMeta(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    /** Merges the layout of {@code operands} (each a strides array over {@code shape}). */
    static StridedMeta of(int[] shape, int[]... operands) {
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) if (shape[d] != 1) dims.add(d);
        int r = dims.size();
        int[] sh = new int[r];
        int[][] st = new int[operands.length][r];
        for (int i = 0; i < r; i++) {
            sh[i] = shape[dims.get(i)];
            for (int k = 0; k < operands.length; k++) st[k][i] = operands[k][dims.get(i)];
        }
        // Merge dimension i into i+1 while every operand steps over i as one block of i+1.
        int w = 0;
        int[] outShape = new int[r];
        int[][] outStrides = new int[operands.length][r];
        for (int i = 0; i < r; i++) {
            if (w > 0 && mergeable(outShape[w - 1], outStrides, w - 1, sh[i], st, i)) {
                outShape[w - 1] *= sh[i];
                for (int k = 0; k < operands.length; k++) outStrides[k][w - 1] = st[k][i];
            } else {
                outShape[w] = sh[i];
                for (int k = 0; k < operands.length; k++) outStrides[k][w] = st[k][i];
                w++;
            }
        }
        int[][] finalStrides = new int[operands.length][];
        for (int k = 0; k < operands.length; k++) finalStrides[k] = Arrays.copyOf(outStrides[k], w);
        return new StridedMeta(Arrays.copyOf(outShape, w), finalStrides);
    }

    private static boolean mergeable(int outerSize, int[][] outer, int o, int innerSize, int[][] inner, int i) {
        for (int k = 0; k < outer.length; k++) {
            if ((long) outer[k][o] != (long) inner[k][i] * innerSize) return false;
        }
        return true;
    }

    int rank() { return shape.length; }

    int[] shape() { return shape.clone(); }

    int[] strides(int operand) { return strides[operand].clone(); }

    /** True when operand k walks memory with stride 1 in the merged (row-major) order. */
    boolean isContiguous(int operand) {
        return shape.length == 0 || (shape.length == 1 && strides[operand][0] == 1);
    }

    /** The kernels' meta array; throws when the merged rank exceeds {@link #MAX_RANK}. */
    int[] encode() {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("view of rank " + shape.length + " after merging exceeds " + MAX_RANK
                    + ": shape " + Arrays.toString(shape));
        }
        int r = Math.max(1, shape.length);
        int[] meta = new int[1 + r * (1 + strides.length)];
        meta[0] = r;
        if (shape.length == 0) {
            // A scalar: one element, any stride.
            meta[1] = 1;
            return meta;
        }
        System.arraycopy(shape, 0, meta, 1, r);
        for (int k = 0; k < strides.length; k++) System.arraycopy(strides[k], 0, meta, 1 + r * (k + 1), r);
        return meta;
    }
}
