package org.jfsac.gpu;

import java.util.Arrays;

/**
 * The iteration space of an elementwise op over several strided operands of one shape, simplified for a
 * kernel: dimensions of extent 1 are dropped and neighbouring dimensions that are contiguous in every
 * operand are merged, so a permuted or broadcast view usually arrives as rank 1 or 2 and a plain
 * contiguous op as rank 1 with unit strides (the kernels' fast path).
 */
public final class StridedLayout {
    /** Largest rank the kernels accept (MAX_RANK in portability.h). */
    public static final int MAX_RANK = 8;

    private final int[] shape;
    private final int[][] strides;

    private StridedLayout(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    /** Simplifies the layout of operands with the given strides over shape (all of that shape's rank). */
    public static StridedLayout of(int[] shape, int[]... operandStrides) {
        int ops = operandStrides.length;
        for (int[] s : operandStrides) {
            if (s.length != shape.length)
                throw new IllegalArgumentException("strides " + Arrays.toString(s) + " do not match shape " + Arrays.toString(shape));
        }
        // at least one slot: a rank-0 tensor (one element) becomes shape [1]
        int[] sh = new int[Math.max(1, shape.length)];
        int[][] st = new int[ops][Math.max(1, shape.length)];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            if (shape[d] == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; k < ops && merge; k++) merge = st[k][rank - 1] == operandStrides[k][d] * shape[d];
            if (merge) {
                sh[rank - 1] *= shape[d];
                for (int k = 0; k < ops; k++) st[k][rank - 1] = operandStrides[k][d];
            } else {
                sh[rank] = shape[d];
                for (int k = 0; k < ops; k++) st[k][rank] = operandStrides[k][d];
                rank++;
            }
        }
        if (rank == 0) { // a single element
            sh[0] = 1;
            for (int k = 0; k < ops; k++) st[k][0] = 1;
            rank = 1;
        }
        if (rank > MAX_RANK)
            throw new IllegalArgumentException("layout of rank " + rank + " > " + MAX_RANK + " after merging: shape " + Arrays.toString(shape));
        int[][] trimmed = new int[ops][];
        for (int k = 0; k < ops; k++) trimmed[k] = Arrays.copyOf(st[k], rank);
        return new StridedLayout(Arrays.copyOf(sh, rank), trimmed);
    }

    public int rank() { return shape.length; }

    public int[] shape() { return shape.clone(); }

    public int[] strides(int operand) { return strides[operand].clone(); }

    /** True when operand walks its memory densely in the iteration order (the kernels' fast path). */
    public boolean isContiguous(int operand) {
        return shape.length == 1 && (strides[operand][0] == 1 || shape[0] == 1);
    }

    /** True when every operand is contiguous. */
    public boolean allContiguous() {
        for (int k = 0; k < strides.length; k++) if (!isContiguous(k)) return false;
        return true;
    }

    /**
     * The kernels' metadata array for operands {@code first .. first+count-1}:
     * {@code {rank, shape..., strides of each of those operands...}}.
     */
    public int[] meta(int first, int count) {
        int r = shape.length;
        int[] m = new int[1 + r * (1 + count)];
        m[0] = r;
        System.arraycopy(shape, 0, m, 1, r);
        for (int k = 0; k < count; k++) System.arraycopy(strides[first + k], 0, m, 1 + r * (k + 1), r);
        return m;
    }

    @Override
    public String toString() {
        return "StridedLayout" + Arrays.toString(shape) + " strides " + Arrays.deepToString(strides);
    }
}
