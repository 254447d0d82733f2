package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.View;

/**
 * Fused attention forward and backward on the shapes the models use (ViT 197/257 tokens, text 77 causal, head
 * 64) and on odd ones: head sizes 8 to 128 (every compiled head-size bound), Tq != Tk, causal, additive masks
 * with -inf entries, and q, k, v as permuted views of a packed [B, T, 3, H, D] projection with out written
 * through a permuted view of [B, Tq, H, D]. All outputs start as NaN.
 */
public final class AttentionConformance extends BackendConformance {

    /** maskedRow: the mask removes every key of query row 1 (out 0, lse -inf, no gradient through it). */
    private record Case(int b, int h, int tq, int tk, int d, boolean causal, boolean mask, boolean maskedRow) {
        Case(int b, int h, int tq, int tk, int d, boolean causal, boolean mask) {
            this(b, h, tq, tk, d, causal, mask, false);
        }
    }

    @Check
    void selfAttentionShapes() {
        Case[] cases = {
            new Case(1, 1, 1, 1, 8, false, false),
            new Case(1, 2, 197, 197, 64, false, false),
            new Case(1, 1, 257, 257, 64, false, false), // one past a multiple of the 64-row tiles
            new Case(2, 2, 77, 77, 64, true, false),  // batch and heads > 1 with their own strides
            new Case(3, 5, 50, 50, 24, false, true),  // 15 (batch, head) pairs, an odd count to spread over the threads
            new Case(1, 2, 77, 77, 64, false, true),   // CLIP's causal mask as an additive -inf mask
            new Case(1, 1, 33, 33, 128, true, true),
            new Case(2, 1, 5, 5, 24, false, true),
            new Case(1, 2, 33, 33, 32, true, false),
            new Case(1, 1, 20, 20, 100, false, true),
        };
        for (Case c : cases) run(c);
    }

    @Check
    void crossAttentionWithDifferentLengths() {
        run(new Case(1, 2, 9, 40, 32, false, true));
        run(new Case(1, 1, 40, 9, 16, true, false));
        run(new Case(2, 1, 7, 40, 16, false, false));
    }

    @Check
    void aQueryRowWithNoAdmissibleKey() {
        run(new Case(1, 2, 6, 5, 16, false, true, true));
        run(new Case(1, 1, 40, 40, 64, true, true, true));
    }

    private void run(Case c) {
        String what = on("attention " + c);
        int hd = c.h * c.d, t = Math.max(c.tq, c.tk), bh = c.b * c.h;
        float[] qkv = uniform(c.b * t * 3 * hd, -1.5f, 1.5f);
        int[] st = {t * 3 * hd, c.d, 3 * hd, 1};
        int[] qShape = {c.b, c.h, c.tq, c.d}, kShape = {c.b, c.h, c.tk, c.d};
        Buffer dqkv = upload(qkv);
        View q = new View(dqkv, qShape, st, 0), k = new View(dqkv, kShape, st, hd), v = new View(dqkv, kShape, st, 2 * hd);
        float[] mask = null;
        if (c.mask) {
            mask = uniform(c.tq * c.tk, -1f, 1f);
            for (int i = 0; i < c.tq; i++) for (int j = i + 1; j < c.tk; j++) mask[i * c.tk + j] = Float.NEGATIVE_INFINITY;
            if (c.maskedRow) for (int j = 0; j < c.tk; j++) mask[c.tk + j] = Float.NEGATIVE_INFINITY;
        }
        Buffer dmask = mask == null ? null : upload(mask);
        Buffer outBuf = nans(c.b * c.tq * hd), lse = nans(bh * c.tq);
        int[] outStrides = {c.tq * hd, c.d, hd, 1};
        View out = new View(outBuf, qShape, outStrides, 0);
        float scale = (float) (1 / Math.sqrt(c.d));
        backend().attention(q, k, v, out, lse, dmask, scale, c.causal);

        double[] rq = Reference.view(qkv, qShape, st, 0), rk = Reference.view(qkv, kShape, st, hd), rv = Reference.view(qkv, kShape, st, 2 * hd);
        double[][] ref = Reference.attention(rq, rk, rv, mask, scale, c.causal, bh, c.tq, c.tk, c.d);
        Tolerance.ACCUMULATED.check(what + " out", toFloat(Reference.view(read(outBuf), qShape, outStrides, 0)), ref[0]);
        Tolerance.ACCUMULATED.check(what + " lse", read(lse), ref[1]);

        float[] gout = uniform(bh * c.tq * c.d, -1f, 1f);
        Buffer gq = nans(bh * c.tq * c.d), gk = nans(bh * c.tk * c.d), gv = nans(bh * c.tk * c.d);
        backend().attentionBackward(q, k, v, out, lse, View.contiguous(upload(gout), qShape), dmask, scale, c.causal, gq, gk, gv);
        double[][] g = Reference.attentionBackward(rq, rk, rv, toDouble(gout), mask, scale, c.causal, bh, c.tq, c.tk, c.d);
        // gq and gk sum p (dp - delta) over keys, a cancellation (exactly 0 for a single key): their error follows the
        // terms' scale, scale * |gout| |v| sqrt(d) |k|, not their own.
        double termScale = scale * rms(gout) * rms(qkv) * rms(qkv) * Math.sqrt(c.d);
        Tolerance.ACCUMULATED.check(what + " gq", read(gq), g[0], termScale);
        Tolerance.ACCUMULATED.check(what + " gk", read(gk), g[1], termScale);
        Tolerance.ACCUMULATED.check(what + " gv", read(gv), g[2]);
    }

    private static double rms(float[] a) {
        double ss = 0;
        for (float v : a) ss += (double) v * v;
        return Math.sqrt(ss / a.length);
    }
}
