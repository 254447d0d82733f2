package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.View;
import org.jfsac.gpu.AttentionDims;
import org.jfsac.gpu.KernelConstants;
import org.jocl.cl_kernel;

/**
 * Host side of attention.cu (the counterpart of CudaAttention): q, k, v, out and gout travel as buffer, offset
 * and the strides of their B, H and T dimensions (D has stride 1); lse, gq, gk, gv are contiguous. The backward
 * pass runs the dq kernel (which also writes delta = dO . O per query row) before the dk/dv kernel. The program
 * is built once per head-size bound, on first use. The caller holds the backend's lock.
 */
final class ClAttention {
    private static final int BLOCK_Q = KernelConstants.ATT_BQ;
    private static final int BLOCK_K = KernelConstants.ATT_BK;

    private final OpenClBackend backend;

    ClAttention(OpenClBackend backend) {
        this.backend = backend;
    }

    void forward(View q, View k, View v, View out, Buffer lse, Buffer mask, float scale, boolean causal) {
        AttentionDims s = AttentionDims.of("attention", q, k, v, out, null);
        ClBuffer lb = backend.rowsBuffer(lse, s.bh() * s.tq(), 1, "attention lse");
        ClBuffer mb = mask == null ? backend.dummy() : backend.rowsBuffer(mask, s.tq(), s.tk(), "attention mask");
        if (empty(s)) return;
        backend.guard(() -> s.describe("attention"), () -> {
            Launch l = head(s, "attention_forward", scale, causal, q, k, v, mb, mask != null);
            viewArgs(l, out);
            l.arg(lb).run(new long[]{OpenClBackend.ceilDiv(s.tq(), BLOCK_Q), s.bh()}, new long[]{BLOCK_Q, 1});
        });
    }

    void backward(View q, View k, View v, View out, Buffer lse, View gout, Buffer mask, float scale, boolean causal,
                  Buffer gq, Buffer gk, Buffer gv) {
        AttentionDims s = AttentionDims.of("attentionBackward", q, k, v, out, gout);
        int bh = s.bh();
        ClBuffer lb = backend.rowsBuffer(lse, bh * s.tq(), 1, "attention lse");
        ClBuffer mb = mask == null ? backend.dummy() : backend.rowsBuffer(mask, s.tq(), s.tk(), "attention mask");
        ClBuffer gqb = backend.rowsBuffer(gq, bh * s.tq(), s.d(), "attention gq");
        ClBuffer gkb = backend.rowsBuffer(gk, bh * s.tk(), s.d(), "attention gk");
        ClBuffer gvb = backend.rowsBuffer(gv, bh * s.tk(), s.d(), "attention gv");
        if (empty(s)) return;
        backend.guard(() -> s.describe("attentionBackward"), () -> {
            ClBuffer delta = backend.scratch(bh * s.tq());
            Launch l = head(s, "attention_backward_dq", scale, causal, q, k, v, mb, mask != null);
            viewArgs(l, out);
            viewArgs(l, gout);
            l.arg(lb).arg(delta).arg(gqb).run(new long[]{OpenClBackend.ceilDiv(s.tq(), BLOCK_Q), bh}, new long[]{BLOCK_Q, 1});

            l = head(s, "attention_backward_dkdv", scale, causal, q, k, v, mb, mask != null);
            viewArgs(l, gout);
            l.arg(lb).arg(delta).arg(gkb).arg(gvb).run(new long[]{OpenClBackend.ceilDiv(s.tk(), BLOCK_K), bh}, new long[]{BLOCK_K, 1});
            delta.release(); // queue order: any reuse runs after both kernels
        });
    }

    private static boolean empty(AttentionDims s) {
        return s.bh() == 0 || s.tq() == 0 || s.tk() == 0 || s.d() == 0;
    }

    /** The kernel with the arguments every attention kernel starts with: sizes, scale, causal, q, k, v and the mask. */
    private Launch head(AttentionDims s, String name, float scale, boolean causal, View q, View k, View v, ClBuffer mask, boolean hasMask) {
        cl_kernel kern = backend.programs().kernel("attention.cu", "-DATT_HEAD_MAX=" + s.headBound(), name);
        Launch l = new Launch(backend.queue(), kern).arg(s.h()).arg(s.tq()).arg(s.tk()).arg(s.d()).arg(scale).arg(causal);
        viewArgs(l, q);
        viewArgs(l, k);
        viewArgs(l, v);
        return l.arg(mask).arg(hasMask);
    }

    /** Buffer, offset and B/H/T strides of a view: five kernel arguments. */
    private void viewArgs(Launch l, View v) {
        l.arg(backend.mem(v)).arg(v.offset()).arg(v.strides()[0]).arg(v.strides()[1]).arg(v.strides()[2]);
    }
}
