package org.jfsac.gpu.cuda;

import static org.jfsac.gpu.cuda.CudaTestSupport.assertClose;
import static org.jfsac.gpu.cuda.CudaTestSupport.download;
import static org.jfsac.gpu.cuda.CudaTestSupport.random;
import static org.jfsac.gpu.cuda.CudaTestSupport.upload;

import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Gather, scatter-add and Adam on the GPU against the CPU backend. Gather is a copy (exact);
 * scatter-add sums duplicates in the CPU's (source) order, so it is exact too; Adam is elementwise
 * (1e-5 relative; sqrt and division are correctly rounded on both sides, so typically exact).
 */
class CudaIndexingTest {

    @Test
    void gatherAndScatterAddMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(8);
        int tableRows = 50, cols = 77, n = 300;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = rnd.nextInt(tableRows); // many duplicates
        float[] table = random(rnd, tableRows * cols, -1, 1), grad = random(rnd, n * cols, -1, 1);
        float[][] gathered = new float[2][], scattered = new float[2][];
        Backend[] both = {cpu, gpu};
        for (int i = 0; i < 2; i++) {
            Backend be = both[i];
            Buffer t = upload(be, table), out = be.allocate(n * cols);
            be.gatherRows(t, idx, cols, out);
            gathered[i] = download(be, out);
            Buffer g = upload(be, grad), tg = upload(be, table);
            be.scatterAddRows(g, idx, cols, tg);
            scattered[i] = download(be, tg);
        }
        assertClose(gathered[0], gathered[1], 0, 0, "gatherRows");
        assertClose(scattered[0], scattered[1], 0, 0, "scatterAddRows");
    }

    @Test
    void adamAndAdamWMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(9);
        int n = 10_000;
        float[] p = random(rnd, n, -1, 1), g = random(rnd, n, -1, 1), m = random(rnd, n, -0.1, 0.1), v = random(rnd, n, 0, 0.01);
        for (boolean decoupled : new boolean[] {false, true}) {
            float[][] res = new float[2][];
            Backend[] both = {cpu, gpu};
            for (int i = 0; i < 2; i++) {
                Backend be = both[i];
                Buffer bp = upload(be, p), bg = upload(be, g), bm = upload(be, m), bv = upload(be, v);
                for (int step = 1; step <= 3; step++) {
                    be.adamStep(bp, bg, bm, bv, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step);
                }
                float[] pp = download(be, bp), mm = download(be, bm), vv = download(be, bv);
                float[] all = new float[3 * n];
                System.arraycopy(pp, 0, all, 0, n);
                System.arraycopy(mm, 0, all, n, n);
                System.arraycopy(vv, 0, all, 2 * n, n);
                res[i] = all;
            }
            assertClose(res[0], res[1], 1e-5, 1e-8, decoupled ? "AdamW" : "Adam");
        }
    }
}
