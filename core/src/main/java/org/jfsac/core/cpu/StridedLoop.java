package org.jfsac.core.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks several same-shape strided operands in row-major order, handing out 1-D segments
 * (start offset of every operand + the common inner stride of each) so that inner loops stay simple.
 * Dimensions that are contiguous across all operands are merged first, so dense data becomes one segment.
 */
final class StridedLoop {
    final int[] shape;       // coalesced shape (rank >= 1)
    final int[][] strides;   // [operand][dim]
    final int[] offsets;     // base offset of each operand
    final int numel;

    interface Segment {
        /** offs: start offset of each operand; inner: each operand's stride along the segment. */
        void run(int[] offs, int[] inner, int len);
    }

    StridedLoop(int[] shape, int[][] strides, int[] offsets) {
        int ops = strides.length;
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) if (shape[d] != 1) dims.add(d);
        int n = 1;
        for (int s : shape) n *= s;
        numel = n;
        List<int[]> merged = new ArrayList<>(); // each entry: [size, stride_op0, stride_op1, ...]
        for (int d : dims) {
            int[] e = new int[ops + 1];
            e[0] = shape[d];
            for (int o = 0; o < ops; o++) e[o + 1] = strides[o][d];
            if (!merged.isEmpty()) {
                int[] prev = merged.get(merged.size() - 1);
                boolean ok = true;
                for (int o = 0; o < ops; o++) if (prev[o + 1] != e[o + 1] * e[0]) { ok = false; break; }
                if (ok) {
                    prev[0] *= e[0];
                    for (int o = 0; o < ops; o++) prev[o + 1] = e[o + 1];
                    continue;
                }
            }
            merged.add(e);
        }
        if (merged.isEmpty()) {
            int[] e = new int[ops + 1];
            e[0] = 1;
            merged.add(e);
        }
        int r = merged.size();
        this.shape = new int[r];
        this.strides = new int[ops][r];
        for (int d = 0; d < r; d++) {
            this.shape[d] = merged.get(d)[0];
            for (int o = 0; o < ops; o++) this.strides[o][d] = merged.get(d)[o + 1];
        }
        this.offsets = offsets.clone();
    }

    /** Visits the flat index range [lo, hi) as segments along the last coalesced dimension. */
    void run(int lo, int hi, Segment seg) {
        int r = shape.length, ops = offsets.length;
        int[] idx = new int[r];
        int rem = lo;
        for (int d = r - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        int[] offs = new int[ops];
        int[] inner = new int[ops];
        for (int o = 0; o < ops; o++) inner[o] = strides[o][r - 1];
        int pos = lo;
        int last = shape[r - 1];
        while (pos < hi) {
            for (int o = 0; o < ops; o++) {
                int off = offsets[o];
                for (int d = 0; d < r; d++) off += idx[d] * strides[o][d];
                offs[o] = off;
            }
            int len = Math.min(last - idx[r - 1], hi - pos);
            seg.run(offs, inner, len);
            pos += len;
            idx[r - 1] += len;
            for (int d = r - 1; d > 0 && idx[d] >= shape[d]; d--) {
                idx[d] = 0;
                idx[d - 1]++;
            }
        }
    }

    /** Runs the whole loop over the shared pool. */
    void parallel(Segment seg) {
        Parallel.forRange(numel, 1 << 15, (lo, hi) -> run(lo, hi, seg));
    }
}
