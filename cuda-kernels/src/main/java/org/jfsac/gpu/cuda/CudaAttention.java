package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.View;
import org.jfsac.gpu.AttentionDims;
import org.jfsac.gpu.KernelConstants;

/**
 * Host side of attention.cu (fused, FlashAttention-style): q, k, v, out and gout travel as pointer,
 * offset and the strides of their B, H and T dimensions (D must have stride 1); lse, gq, gk, gv are
 * contiguous. The backward pass runs the dq kernel (which also writes delta = dO . O per query row)
 * before the dk/dv kernel.
 */
final class CudaAttention {

    /** Query rows per group / key rows per tile. */
    private static final int BLOCK_Q = KernelConstants.ATT_BQ;
    private static final int BLOCK_K = KernelConstants.ATT_BK;

    private final CudaBackend backend;

    CudaAttention(CudaBackend backend) {
        this.backend = backend;
    }

    /** The kernel from the attention module whose head-size bound fits the call's head size most tightly. */
    private static Kernel kernel(Kernel k, AttentionDims dm) {
        return k.inModule(CudaKernels.attentionModule(dm.headBound()));
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
        AttentionDims dm = AttentionDims.of("attention", q, k, v, out, null);
        String what = dm.describe("attention" + (causal ? " causal" : "") + (mask != null ? " masked" : ""));
        CudaRows.need(lse, (long) dm.bh() * dm.tq(), what);
        if (mask != null) CudaRows.need(mask, (long) dm.tq() * dm.tk(), what);
        if (dm.bh() == 0 || dm.tq() == 0) return;
        Object[] args = concat(
                new Object[] {dm.h(), dm.tq(), dm.tk(), dm.d(), scale, causal ? 1 : 0},
                strided(q, what), strided(k, what), strided(v, what),
                new Object[] {mask, mask != null ? 1 : 0},
                strided(out, what), new Object[] {lse});
        backend.launcher.launch(kernel(CudaKernels.ATTENTION_FORWARD, dm), shape(dm.tq(), BLOCK_Q, dm.bh()), what, args);
    }

    void backward(View q, View k, View v, View out, CudaBuffer lse, View gout, CudaBuffer mask, float scale,
                  boolean causal, CudaBuffer gq, CudaBuffer gk, CudaBuffer gv) {
        AttentionDims dm = AttentionDims.of("attentionBackward", q, k, v, out, gout);
        String what = dm.describe("attentionBackward" + (causal ? " causal" : "") + (mask != null ? " masked" : ""));
        CudaRows.need(lse, (long) dm.bh() * dm.tq(), what);
        CudaRows.need(gq, (long) dm.bh() * dm.tq() * dm.d(), what);
        CudaRows.need(gk, (long) dm.bh() * dm.tk() * dm.d(), what);
        CudaRows.need(gv, (long) dm.bh() * dm.tk() * dm.d(), what);
        if (mask != null) CudaRows.need(mask, (long) dm.tq() * dm.tk(), what);
        if (dm.bh() == 0) return;
        Object[] head = {dm.h(), dm.tq(), dm.tk(), dm.d(), scale, causal ? 1 : 0};
        Object[] qkv = concat(strided(q, what), strided(k, what), strided(v, what), new Object[] {mask, mask != null ? 1 : 0});
        CudaBuffer delta = backend.allocateScratch(dm.bh() * dm.tq());
        try {
            if (dm.tq() > 0) {
                backend.launcher.launch(kernel(CudaKernels.ATTENTION_BACKWARD_DQ, dm), shape(dm.tq(), BLOCK_Q, dm.bh()), what,
                        concat(head, qkv, strided(out, what), strided(gout, what), new Object[] {lse, delta, gq}));
            }
            if (dm.tk() > 0) {
                backend.launcher.launch(kernel(CudaKernels.ATTENTION_BACKWARD_DKDV, dm), shape(dm.tk(), BLOCK_K, dm.bh()), what,
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
