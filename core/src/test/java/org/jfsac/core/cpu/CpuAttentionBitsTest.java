package org.jfsac.core.cpu;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.View;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A head's attention output, log-sum-exp and gradients are the same bits whether it is computed in a batch of 3
 * with 5 heads (15 (batch, head) pairs spread over the threads, several per task) or alone (batch 1, 1 head, one
 * task): CpuAttention runs each head on one thread with the fixed-order GEMM, so nothing of a head depends on the
 * others or on how the heads are split. The thread count itself is fixed per JVM ({@code -Djfsac.threads}), so
 * this test does not vary it; the 1-pair case runs on the calling thread, the 15-pair case over the pool.
 * Accuracy against the double reference is AttentionConformance's (it has a 3-batch, 5-head case).
 */
class CpuAttentionBitsTest {
    private static final int B = 3, H = 5, D = 24;

    /** Out, lse, gq, gk, gv of attention over q, k, v given as [B, T, 3, H, D] (as the towers lay them out). */
    private static float[][] run(float[] qkv, float[] gout, float[] mask, int b, int h, int tq, int tk, boolean causal) {
        Backend be = CpuBackend.get();
        int t = Math.max(tq, tk), hd = h * D;
        int[] st = {t * 3 * hd, D, 3 * hd, 1}, qs = {b, h, tq, D}, ks = {b, h, tk, D};
        Buffer buf = upload(be, qkv);
        View q = new View(buf, qs, st, 0), k = new View(buf, ks, st, hd), v = new View(buf, ks, st, 2 * hd);
        Buffer out = be.allocate(b * tq * hd), lse = be.allocate(b * h * tq);
        View o = new View(out, qs, new int[]{tq * hd, D, hd, 1}, 0);
        Buffer m = mask == null ? null : upload(be, mask);
        float scale = (float) (1 / Math.sqrt(D));
        be.attention(q, k, v, o, lse, m, scale, causal);
        Buffer gq = be.allocate(b * h * tq * D), gk = be.allocate(b * h * tk * D), gv = be.allocate(b * h * tk * D);
        be.attentionBackward(q, k, v, o, lse, View.contiguous(upload(be, gout), qs), m, scale, causal, gq, gk, gv);
        return new float[][]{download(be, out, b * tq * hd), download(be, lse, b * h * tq),
                download(be, gq, b * h * tq * D), download(be, gk, b * h * tk * D), download(be, gv, b * h * tk * D)};
    }

    private static Buffer upload(Backend be, float[] a) {
        Buffer b = be.allocate(a.length);
        be.upload(a, 0, b, 0, a.length);
        return b;
    }

    private static float[] download(Backend be, Buffer b, int n) {
        float[] a = new float[n];
        be.download(b, 0, a, 0, n);
        return a;
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * 1.5);
        return a;
    }

    @ParameterizedTest(name = "Tq={0} Tk={1} causal={2} mask={3}")
    @CsvSource({"50, 50, false, false", "37, 41, false, true", "29, 29, true, false", "29, 29, true, true"})
    void aHeadHasTheSameBitsAloneAsInABatchOfHeads(int tq, int tk, boolean causal, boolean withMask) {
        Random r = new Random(tq * 31L + tk);
        int t = Math.max(tq, tk);
        float[] qkv = random(r, B * t * 3 * H * D), gout = random(r, B * H * tq * D);
        float[] mask = withMask ? random(r, tq * tk) : null;
        float[][] all = run(qkv, gout, mask, B, H, tq, tk, causal);
        for (int[] bh : new int[][]{{1, 3}, {2, 0}}) {
            int b = bh[0], h = bh[1];
            // the head alone: its slice of the [B, T, 3, H, D] projection and of gout [B, H, Tq, D]
            float[] one = new float[t * 3 * D];
            for (int i = 0; i < t; i++)
                for (int j = 0; j < 3; j++)
                    System.arraycopy(qkv, ((b * t + i) * 3 + j) * H * D + h * D, one, (i * 3 + j) * D, D);
            int pair = b * H + h;
            float[] g1 = Arrays.copyOfRange(gout, pair * tq * D, (pair + 1) * tq * D);
            float[][] alone = run(one, g1, mask, 1, 1, tq, tk, causal);
            String what = "batch " + b + " head " + h;
            float[] outOfHead = new float[tq * D];
            for (int i = 0; i < tq; i++) System.arraycopy(all[0], (b * tq + i) * H * D + h * D, outOfHead, i * D, D);
            assertArrayEquals(alone[0], outOfHead, what + ": out");
            assertArrayEquals(alone[1], Arrays.copyOfRange(all[1], pair * tq, (pair + 1) * tq), what + ": lse");
            assertArrayEquals(alone[2], Arrays.copyOfRange(all[2], pair * tq * D, (pair + 1) * tq * D), what + ": gq");
            assertArrayEquals(alone[3], Arrays.copyOfRange(all[3], pair * tk * D, (pair + 1) * tk * D), what + ": gk");
            assertArrayEquals(alone[4], Arrays.copyOfRange(all[4], pair * tk * D, (pair + 1) * tk * D), what + ": gv");
        }
    }
}
