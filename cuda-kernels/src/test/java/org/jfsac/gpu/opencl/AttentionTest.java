package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.View;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.jfsac.gpu.opencl.OpenClTestSupport.*;

/**
 * Fused attention forward and backward against the CPU reference (GEMM + softmax), on the shapes the
 * models use (ViT 197/257 tokens, text 77 tokens causal, head 64) and on odd ones, with q, k, v as
 * permuted views of a packed [B, T, 3, H, D] projection and out as a permuted view of [B, T, H, D].
 */
class AttentionTest {
    @BeforeEach void device() { backend(); }

    private record Case(int b, int h, int tq, int tk, int d, boolean causal, boolean mask) {}

    @Test void forwardAndBackwardOnPackedProjections() {
        Random r = rng("attention");
        Case[] cases = {
                new Case(1, 1, 1, 1, 1, false, false),
                new Case(2, 3, 197, 197, 64, false, false),
                new Case(1, 2, 257, 257, 64, false, false),
                new Case(2, 2, 77, 77, 64, true, false),
                new Case(1, 2, 77, 77, 64, false, true),   // CLIP's causal mask as an additive -inf mask
                new Case(1, 1, 33, 33, 128, true, true),
                new Case(2, 1, 5, 5, 24, false, true),
        };
        for (Case c : cases) run(r, c);
    }

    @Test void crossAttentionWithDifferentLengths() {
        Random r = rng("crossAttention");
        run(r, new Case(1, 2, 9, 40, 32, false, true));
        run(r, new Case(1, 1, 40, 9, 16, true, false));
    }

    private static void run(Random r, Case c) {
        String what = "attention " + c;
        // packed qkv [B, Tq, 3, H, D] (self-attention layout; for cross attention k and v use Tk rows of a second packing)
        int hd = c.h * c.d;
        Pair qkv = pair(uniform(r, c.b * Math.max(c.tq, c.tk) * 3 * hd, -1.5f, 1.5f));
        int rowStride = 3 * hd;
        int[] qStrides = {Math.max(c.tq, c.tk) * rowStride, c.d, rowStride, 1};
        Pair mask = null;
        if (c.mask) {
            float[] m = uniform(r, c.tq * c.tk, -1f, 1f);
            for (int i = 0; i < c.tq; i++) for (int j = i + 1; j < c.tk; j++) m[i * c.tk + j] = Float.NEGATIVE_INFINITY;
            mask = pair(m);
        }
        Pair out = nanPair(c.b * c.tq * hd), lse = nanPair(c.b * c.h * c.tq);
        Pair mk = mask;
        float scale = (float) (1 / Math.sqrt(c.d));
        both(be -> be.attention(q(qkv, be, c, qStrides), kv(qkv, be, c, qStrides, 1), kv(qkv, be, c, qStrides, 2), outView(out, be, c),
                lse.on(be), mk == null ? null : mk.on(be), scale, c.causal));
        assertAccumulated(what + " out", out);
        assertAccumulated(what + " lse", lse);

        Pair gout = pair(uniform(r, c.b * c.h * c.tq * c.d, -1f, 1f));
        Pair gq = nanPair(c.b * c.h * c.tq * c.d), gk = nanPair(c.b * c.h * c.tk * c.d), gv = nanPair(c.b * c.h * c.tk * c.d);
        both(be -> be.attentionBackward(q(qkv, be, c, qStrides), kv(qkv, be, c, qStrides, 1), kv(qkv, be, c, qStrides, 2),
                outView(out, be, c), lse.on(be), View.contiguous(gout.on(be), c.b, c.h, c.tq, c.d), mk == null ? null : mk.on(be),
                scale, c.causal, gq.on(be), gk.on(be), gv.on(be)));
        assertAccumulated(what + " gq", gq);
        assertAccumulated(what + " gk", gk);
        assertAccumulated(what + " gv", gv);
    }

    private static View q(Pair qkv, Backend be, Case c, int[] s) {
        return new View(qkv.on(be), new int[]{c.b, c.h, c.tq, c.d}, s, 0);
    }

    private static View kv(Pair qkv, Backend be, Case c, int[] s, int which) {
        return new View(qkv.on(be), new int[]{c.b, c.h, c.tk, c.d}, s, which * c.h * c.d);
    }

    /** out as the [B, H, Tq, D] permutation of a contiguous [B, Tq, H, D] buffer. */
    private static View outView(Pair out, Backend be, Case c) {
        return new View(out.on(be), new int[]{c.b, c.h, c.tq, c.d}, new int[]{c.tq * c.h * c.d, c.d, c.h * c.d, 1}, 0);
    }
}
