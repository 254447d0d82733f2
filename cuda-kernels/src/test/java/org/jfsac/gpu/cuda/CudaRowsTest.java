package org.jfsac.gpu.cuda;

import static org.jfsac.gpu.cuda.CudaTestSupport.assertClose;
import static org.jfsac.gpu.cuda.CudaTestSupport.download;
import static org.jfsac.gpu.cuda.CudaTestSupport.random;
import static org.jfsac.gpu.cuda.CudaTestSupport.upload;

import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.ReduceOp;
import org.junit.jupiter.api.Test;

/**
 * Reductions, softmax and layer norm (forward and backward) on the GPU against the CPU backend.
 * Tolerance: the contract's 1e-4 relative for reductions and normalisations (the GPU sums in a
 * different order: a tree over 256 threads), with an absolute floor of 1e-5 times the row scale for
 * sums that cancel to near zero. Row lengths exceed the 256-thread group so that striding is exercised.
 */
class CudaRowsTest {

    @Test
    void reductionsMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(5);
        int[][] shapes = {{6, 700, 1}, {4, 33, 9}, {1, 1000, 1}, {3, 1, 5}};
        for (int[] s : shapes) {
            int offset = 11, n = offset + s[0] * s[1] * s[2];
            float[] x = random(rnd, n, -2, 2);
            if (n > offset + 17) x[offset + 17] = x[offset + 3]; // a tie for ARGMAX's first-index rule
            for (ReduceOp op : ReduceOp.values()) {
                float[][] res = new float[2][];
                Backend[] both = {cpu, gpu};
                for (int i = 0; i < 2; i++) {
                    Buffer bx = upload(both[i], x), out = both[i].allocate(s[0] * s[2]);
                    both[i].reduce(op, bx, offset, s[0], s[1], s[2], out);
                    res[i] = download(both[i], out);
                }
                double abs = op == ReduceOp.SUM ? 1e-5 * s[1] : 0;
                assertClose(res[0], res[1], op == ReduceOp.SUM ? 1e-4 : 0, abs, "reduce " + op + " " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void softmaxForwardAndBackwardMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(6);
        for (int[] rc : new int[][] {{7, 1000}, {50, 197}, {3, 1}}) {
            int rows = rc[0], cols = rc[1], n = rows * cols;
            float[] x = random(rnd, n, -8, 8), gy = random(rnd, n, -1, 1);
            for (boolean log : new boolean[] {false, true}) {
                float[][] y = new float[2][], gx = new float[2][];
                Backend[] both = {cpu, gpu};
                for (int i = 0; i < 2; i++) {
                    Backend be = both[i];
                    Buffer bx = upload(be, x), by = be.allocate(n), bg = upload(be, gy), bgx = be.allocate(n);
                    be.softmax(bx, by, rows, cols, log);
                    be.softmaxBackward(by, bg, bgx, rows, cols, log);
                    y[i] = download(be, by);
                    gx[i] = download(be, bgx);
                }
                assertClose(y[0], y[1], 1e-4, 1e-7, (log ? "log" : "") + "softmax " + rows + "x" + cols);
                assertClose(gx[0], gx[1], 1e-4, 1e-6, (log ? "log" : "") + "softmax backward " + rows + "x" + cols);
            }
        }
    }

    @Test
    void layerNormForwardAndBackwardMatchCpu() {
        Backend gpu = CudaTestSupport.backend(), cpu = CudaTestSupport.cpu();
        SplittableRandom rnd = new SplittableRandom(7);
        // 150 rows: more than one 64-row chunk of the weight-gradient kernel, and a partial last chunk.
        int rows = 150, cols = 768, n = rows * cols;
        float[] x = random(rnd, n, -3, 5), w = random(rnd, cols, 0.5, 1.5), b = random(rnd, cols, -1, 1);
        float[] gy = random(rnd, n, -1, 1);
        for (boolean affine : new boolean[] {true, false}) {
            float[][][] res = new float[2][][];
            Backend[] both = {cpu, gpu};
            for (int i = 0; i < 2; i++) {
                Backend be = both[i];
                Buffer bx = upload(be, x), bw = affine ? upload(be, w) : null, bb = affine ? upload(be, b) : null;
                Buffer y = be.allocate(n), mean = be.allocate(rows), rstd = be.allocate(rows);
                be.layerNorm(bx, bw, bb, y, mean, rstd, rows, cols, 1e-5f);
                Buffer bgy = upload(be, gy), gx = be.allocate(n), gw = be.allocate(cols), gb = be.allocate(cols);
                be.layerNormBackward(bx, bw, mean, rstd, bgy, gx, gw, gb, rows, cols);
                res[i] = new float[][] {download(be, y), download(be, mean), download(be, rstd),
                        download(be, gx), download(be, gw), download(be, gb)};
            }
            String[] names = {"y", "mean", "rstd", "gx", "gw", "gb"};
            for (int k = 0; k < names.length; k++) {
                // Column sums over 150 rows of O(1) terms: absolute floor 1e-5 * rows.
                double abs = k >= 4 ? 1e-5 * rows : 1e-5;
                assertClose(res[0][k], res[1][k], 1e-4, abs, "layerNorm " + names[k] + (affine ? "" : " (no affine)"));
            }
        }
    }
}
