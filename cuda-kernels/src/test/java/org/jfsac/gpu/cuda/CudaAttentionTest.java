package org.jfsac.gpu.cuda;

import static org.jfsac.gpu.cuda.CudaTestSupport.assertClose;
import static org.jfsac.gpu.cuda.CudaTestSupport.download;
import static org.jfsac.gpu.cuda.CudaTestSupport.random;
import static org.jfsac.gpu.cuda.CudaTestSupport.upload;

import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.View;
import org.junit.jupiter.api.Test;

/**
 * Fused attention forward and backward on the GPU against the CPU backend (GEMMs around a row
 * softmax), with q/k/v as permuted views of one packed [B,T,3,H,D] buffer (how a transformer's qkv
 * projection is laid out), out written through a permuted view, plain/causal/masked, Tq != Tk.
 * Tolerance: the contract's 1e-4 relative, absolute floor 1e-5 (outputs are O(1) averages of v).
 */
class CudaAttentionTest {

    record Dims(int b, int h, int tq, int tk, int d) {}

    @Test
    void forwardAndBackwardMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        // Head sizes cover every compiled variant: 8 and 16 (h16), 32 (h32), 64 (default), 100 (h128).
        Dims[] dims = {new Dims(2, 3, 50, 50, 64), new Dims(1, 2, 197, 197, 64), new Dims(2, 1, 7, 40, 16),
            new Dims(1, 1, 1, 1, 8), new Dims(1, 2, 33, 33, 32), new Dims(1, 1, 20, 20, 100)};
        int seed = 20;
        for (Dims dm : dims) {
            for (int mode = 0; mode < 3; mode++) { // 0 plain, 1 causal, 2 additive mask
                if (mode == 1 && dm.tq != dm.tk) continue;
                float[][] ref = run(cpu, dm, mode, seed), got = run(gpu, dm, mode, seed);
                String[] names = {"out", "lse", "gq", "gk", "gv"};
                for (int i = 0; i < names.length; i++) {
                    assertClose(ref[i], got[i], 1e-4, 1e-5, "attention " + dm + " mode " + mode + " " + names[i]);
                }
                seed++;
            }
        }
    }

    static float[][] run(Backend be, Dims dm, int mode, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int b = dm.b, h = dm.h, tq = dm.tq, tk = dm.tk, d = dm.d;
        int t = Math.max(tq, tk);
        // Packed [B, T, 3, H, D]: q, k, v are [B,H,T,D] views with strides (T*3*H*D, D, 3*H*D, 1).
        float[] packed = random(rnd, b * t * 3 * h * d, -1, 1);
        Buffer qkv = upload(be, packed);
        int[] st = {t * 3 * h * d, d, 3 * h * d, 1};
        View q = new View(qkv, new int[] {b, h, tq, d}, st, 0);
        View k = new View(qkv, new int[] {b, h, tk, d}, st, h * d);
        View v = new View(qkv, new int[] {b, h, tk, d}, st, 2 * h * d);
        // out: a [B,H,Tq,D] view of a contiguous [B,Tq,H,D] buffer.
        Buffer outBuf = be.allocate(b * tq * h * d);
        View out = new View(outBuf, new int[] {b, h, tq, d}, new int[] {tq * h * d, d, h * d, 1}, 0);
        Buffer lse = be.allocate(b * h * tq);
        Buffer mask = null;
        if (mode == 2) {
            float[] m = random(rnd, tq * tk, -2, 0);
            for (int i = 0; i < m.length; i += 5) m[i] = Float.NEGATIVE_INFINITY; // some keys removed
            for (int i = 0; i < tq; i++) m[i * tk] = 0f;                       // every row keeps key 0
            mask = upload(be, m);
        }
        float scale = (float) (1 / Math.sqrt(d));
        boolean causal = mode == 1;
        be.attention(q, k, v, out, lse, mask, scale, causal);
        Buffer goutBuf = upload(be, random(rnd, b * h * tq * d, -1, 1));
        View gout = View.contiguous(goutBuf, b, h, tq, d);
        Buffer gq = be.allocate(b * h * tq * d), gk = be.allocate(b * h * tk * d), gv = be.allocate(b * h * tk * d);
        be.attentionBackward(q, k, v, out, lse, gout, mask, scale, causal, gq, gk, gv);
        return new float[][] {download(be, outBuf), download(be, lse), download(be, gq), download(be, gk), download(be, gv)};
    }
}
