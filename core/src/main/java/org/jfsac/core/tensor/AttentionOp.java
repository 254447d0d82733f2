package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;

/** Multi-head scaled dot-product attention as one op with a fused backward. */
final class AttentionOp {
    private AttentionOp() {}

    /**
     * The kernels read rows of D dense floats, stepping between rows by a GEMM leading dimension that
     * must be at least D. A T dimension of size 1 is never stepped, so any stride it carries is replaced
     * by D (a view); other layouts that break this (an expanded T, stride 0) are copied first.
     */
    private static Tensor unitLast(Tensor t) {
        int d = t.shape[3];
        if (t.strides[3] != 1 && d != 1) return t.contiguous();
        if (t.strides[2] >= Math.max(1, d)) return t;
        if (t.shape[2] > 1) return t.contiguous();
        int[] st = t.strides.clone();
        st[2] = Math.max(1, d);
        return t.viewOf(t.shape.clone(), st, t.offset, "restride", g -> new Tensor[]{g});
    }

    static Tensor sdpa(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, float scale) {
        if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4)
            throw new IllegalArgumentException("attention: q, k, v must be [B,H,T,D], got " + Shapes.str(q.shape) + ", " + Shapes.str(k.shape) + ", " + Shapes.str(v.shape));
        int bsz = q.shape[0], h = q.shape[1], tq = q.shape[2], d = q.shape[3], tk = k.shape[2];
        if (k.shape[0] != bsz || k.shape[1] != h || k.shape[3] != d || !java.util.Arrays.equals(k.shape, v.shape))
            throw new IllegalArgumentException("attention: incompatible q " + Shapes.str(q.shape) + ", k " + Shapes.str(k.shape) + ", v " + Shapes.str(v.shape));
        if (causal && tq != tk) throw new IllegalArgumentException("attention: causal mask needs Tq == Tk, got " + tq + " and " + tk);
        if (mask != null && (mask.dim() != 2 || mask.shape[0] != tq || mask.shape[1] != tk))
            throw new IllegalArgumentException("attention: mask must be [" + tq + ", " + tk + "], got " + Shapes.str(mask.shape));
        ElementwiseOps.sameDevice("attention", q, k);
        ElementwiseOps.sameDevice("attention", q, v);
        Tensor qq = unitLast(q), kk = unitLast(k), vv = unitLast(v);
        Tensor mp = mask == null ? null : mask.detach().packed();
        Backend be = q.backend();
        // Output laid out as [B, Tq, H, D] so that merging heads afterwards is a free reshape.
        Tensor outBthd = Tensor.empty(be, bsz, tq, h, d);
        Tensor out = outBthd.permute(0, 2, 1, 3).detach();
        Tensor lse = Tensor.empty(be, bsz, h, tq);
        be.attention(qq.view(), kk.view(), vv.view(), out.view(), lse.storage.buffer, mp == null ? null : mp.storage.buffer, scale, causal);
        return Autograd.record("attention", out, g -> {
            Tensor gg = unitLast(g);
            Tensor gq = Tensor.empty(be, bsz, h, tq, d), gk = Tensor.empty(be, bsz, h, tk, d), gv = Tensor.empty(be, bsz, h, tk, d);
            be.attentionBackward(qq.view(), kk.view(), vv.view(), out.view(), lse.storage.buffer, gg.view(),
                    mp == null ? null : mp.storage.buffer, scale, causal, gq.storage.buffer, gk.storage.buffer, gv.storage.buffer);
            return new Tensor[]{gq, gk, gv};
        }, qq, kk, vv);
    }

}
