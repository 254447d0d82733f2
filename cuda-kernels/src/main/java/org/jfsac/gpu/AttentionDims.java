package org.jfsac.gpu;

import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.View;

import java.util.Arrays;

/**
 * The sizes of one attention call, checked against the contract (and the kernels' head-size bounds) in the
 * same way by both GPU backends: q, out and gout are [B,H,Tq,D], k and v [B,H,Tk,D], all views with unit stride
 * in D that lie inside their buffers.
 */
public record AttentionDims(int b, int h, int tq, int tk, int d) {

    /** Checks the views (gout may be null: the forward pass) and returns their sizes. */
    public static AttentionDims of(String op, View q, View k, View v, View out, View gout) {
        for (View x : new View[]{q, k, v, out, gout}) {
            if (x == null) continue;
            if (x.rank() != 4) throw new IllegalArgumentException(op + ": expected [B,H,T,D] views, got " + x);
            if (x.strides()[3] != 1 && x.shape()[3] > 1) throw new IllegalArgumentException(op + ": views need unit stride in D, got " + x);
        }
        Checks.attentionKeys(q, k, op);
        int[] qs = q.shape(), ks = k.shape();
        AttentionDims s = new AttentionDims(qs[0], qs[1], qs[2], ks[2], qs[3]);
        if (!Arrays.equals(ks, new int[]{s.b, s.h, s.tk, s.d}) || !Arrays.equals(v.shape(), ks)) {
            throw new IllegalArgumentException(op + ": k " + k + " and v " + v + " do not match q " + q);
        }
        if (!Arrays.equals(out.shape(), qs) || (gout != null && !Arrays.equals(gout.shape(), qs))) {
            throw new IllegalArgumentException(op + ": output views must have q's shape " + Arrays.toString(qs));
        }
        if (KernelConstants.attentionBound(s.d) < 0) {
            throw new IllegalArgumentException(op + ": head size " + s.d + " exceeds the largest compiled bound "
                    + KernelConstants.ATT_HEAD_BOUNDS);
        }
        for (View x : new View[]{q, k, v, out, gout}) if (x != null) Checks.view(x, op + " view");
        return s;
    }

    public int bh() { return b * h; }

    /** The head-size bound of the attention build that runs this call. */
    public int headBound() { return KernelConstants.attentionBound(d); }

    public String describe(String op) {
        return op + " B=" + b + " H=" + h + " Tq=" + tq + " Tk=" + tk + " D=" + d;
    }
}
