package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.View;
import org.jfsac.gpu.KernelSources;

/**
 * Host side of attention.cu (fused, FlashAttention-style): q, k, v, out and gout travel as pointer,
 * offset and the strides of their B, H and T dimensions (D must have stride 1); lse, gq, gk, gv are
 * contiguous. The backward pass runs the dq kernel (which also writes delta = dO . O per query row)
 * before the dk/dv kernel.
 */
final class CudaAttention {

    /** Query rows per group / key rows per tile. */
    static final int BLOCK_Q = KernelSources.intDefine("attention.cu", "ATT_BQ");
    static final int BLOCK_K = KernelSources.intDefine("attention.cu", "ATT_BK");

    private final CudaBackend backend;

    CudaAttention(CudaBackend backend) {
        this.backend = backend;
    }

    /** Shapes of one call, checked. */
    private record Dims(int b, int h, int tq, int tk, int d) {
        static Dims of(View q, View k, View v, View out, String op) {
            for (View x : new View[] {q, k, v, out}) {
                if (x.rank() != 4) throw new IllegalArgumentException(op + ": expected [B,H,T,D] views, got " + x);
                if (x.strides()[3] != 1 && x.shape()[3] != 1) {
                    throw new IllegalArgumentException(op + ": the last (head) dimension must have stride 1: " + x);
                }
            }
            int[] qs = q.shape(), ks = k.shape();
            Dims dims = new Dims(qs[0], qs[1], qs[2], ks[2], qs[3]);
            boolean ok = ks[0] == qs[0] && ks[1] == qs[1] && ks[3] == qs[3]
                    && java.util.Arrays.equals(ks, v.shape()) && java.util.Arrays.equals(qs, out.shape());
            if (!ok) throw new IllegalArgumentException(op + ": shapes disagree: q " + q + ", k " + k + ", v " + v + ", out " + out);
            if (CudaKernels.attentionBound(dims.d) < 0) {
                throw new IllegalArgumentException(op + ": head size " + dims.d + " exceeds the largest compiled bound "
                        + CudaKernels.ATT_HEAD_BOUNDS);
            }
            return dims;
        }

        int bh() { return b * h; }

        /** The kernel from the attention module whose head-size bound fits d most tightly. */
        Kernel kernel(Kernel k) {
            return k.inModule(CudaKernels.attentionModule(CudaKernels.attentionBound(d)));
        }

        String describe(String op) {
            return op + " B=" + b + " H=" + h + " Tq=" + tq + " Tk=" + tk + " D=" + d;
        }
    }

    /** Pointer, offset and B/H/T strides of a view: five kernel arguments. */
    private Object[] strided(View x, String op) {
        CudaBuffer buf = backend.viewBuffer(x, op);
        int[] s = x.strides();
        return new Object[] {buf, x.offset(), s[0], s[1], s[2]};
    }

    private static Object[] concat(Object[]... parts) {
        int n = 0;
        for (Object[] p : parts) n += p.length;
        Object[] all = new Object[n];
        int i = 0;
        for (Object[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }

    void forward(View q, View k, View v, View out, CudaBuffer lse, CudaBuffer mask, float scale, boolean causal) {
        Dims dm = Dims.of(q, k, v, out, "attention");
        String what = dm.describe("attention" + (causal ? " causal" : "") + (mask != null ? " masked" : ""));
        CudaRows.need(lse, (long) dm.bh() * dm.tq, what);
        if (mask != null) CudaRows.need(mask, (long) dm.tq * dm.tk, what);
        if (dm.bh() == 0 || dm.tq == 0) return;
        Object[] args = concat(
                new Object[] {dm.h, dm.tq, dm.tk, dm.d, scale, causal ? 1 : 0},
                strided(q, what), strided(k, what), strided(v, what),
                new Object[] {mask, mask != null ? 1 : 0},
                strided(out, what), new Object[] {lse});
        backend.launcher.launch(dm.kernel(CudaKernels.ATTENTION_FORWARD), shape(dm.tq, BLOCK_Q, dm.bh()), what, args);
    }

    void backward(View q, View k, View v, View out, CudaBuffer lse, View gout, CudaBuffer mask, float scale,
                  boolean causal, CudaBuffer gq, CudaBuffer gk, CudaBuffer gv) {
        Dims dm = Dims.of(q, k, v, out, "attentionBackward");
        String what = dm.describe("attentionBackward" + (causal ? " causal" : "") + (mask != null ? " masked" : ""));
        if (!java.util.Arrays.equals(gout.shape(), out.shape()) || (gout.strides()[3] != 1 && gout.shape()[3] != 1)) {
            throw new IllegalArgumentException(what + ": gout " + gout + " must have out's shape and unit stride in D");
        }
        CudaRows.need(lse, (long) dm.bh() * dm.tq, what);
        CudaRows.need(gq, (long) dm.bh() * dm.tq * dm.d, what);
        CudaRows.need(gk, (long) dm.bh() * dm.tk * dm.d, what);
        CudaRows.need(gv, (long) dm.bh() * dm.tk * dm.d, what);
        if (mask != null) CudaRows.need(mask, (long) dm.tq * dm.tk, what);
        if (dm.bh() == 0) return;
        Object[] head = {dm.h, dm.tq, dm.tk, dm.d, scale, causal ? 1 : 0};
        Object[] qkv = concat(strided(q, what), strided(k, what), strided(v, what), new Object[] {mask, mask != null ? 1 : 0});
        CudaBuffer delta = backend.allocateScratch(dm.bh() * dm.tq);
        try {
            if (dm.tq > 0) {
                backend.launcher.launch(dm.kernel(CudaKernels.ATTENTION_BACKWARD_DQ), shape(dm.tq, BLOCK_Q, dm.bh()), what,
                        concat(head, qkv, strided(out, what), strided(gout, what), new Object[] {lse, delta, gq}));
            }
            if (dm.tk > 0) {
                backend.launcher.launch(dm.kernel(CudaKernels.ATTENTION_BACKWARD_DKDV), shape(dm.tk, BLOCK_K, dm.bh()), what,
                        concat(head, qkv, strided(gout, what), new Object[] {lse, delta, gk, gv}));
            }
        } finally {
            delta.release(); // stream order: any reuse runs after both kernels
        }
    }

    private static KernelLauncher.Shape shape(int rows, int block, int bh) {
        return new KernelLauncher.Shape((rows + block - 1) / block, bh, 1, block, 1, 1, 0);
    }
}
