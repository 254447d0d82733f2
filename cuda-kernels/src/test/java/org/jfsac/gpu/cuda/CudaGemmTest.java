package org.jfsac.gpu.cuda;

import static org.jfsac.gpu.cuda.CudaTestSupport.download;
import static org.jfsac.gpu.cuda.CudaTestSupport.random;
import static org.jfsac.gpu.cuda.CudaTestSupport.upload;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Both GEMM paths (our tiled kernels, and cuBLAS where libcublas.so.12 loads) and the float16 option
 * against the CPU backend, over transposes, leading dimensions wider than the rows, offsets, batches
 * with a shared (stride 0) operand, alpha/beta, and beta = 0 over a NaN-filled C.
 *
 * Error bound per element: |C_gpu - C_cpu| <= tol * (|alpha| * sum_l |a_il| |b_lj| + |beta| |C0|).
 * float32: tol = 1e-4, the contract's GEMM tolerance (summation in another order; the worst case for
 * k = 197 is 2 * k * 2^-24 = 2.3e-5 of the scale, typical errors are ~1e-7; a wrong index gives O(1)).
 * float16 operands and TF32: each operand is rounded with relative error u = 2^-11, so each product
 * is off by at most 2u + u^2 = 9.8e-4 relative; tol = 2e-3 covers that plus float32 summation.
 */
class CudaGemmTest {

    record Case(boolean ta, boolean tb, int m, int n, int k, int batch, int strideAMode, float alpha, float beta) {}

    static final Case[] CASES = {
        new Case(false, false, 1, 1, 1, 1, 1, 1f, 0f),
        new Case(false, false, 17, 33, 65, 1, 1, 1f, 0f),
        new Case(true, false, 64, 64, 64, 1, 1, 0.5f, 1.5f),
        new Case(false, true, 197, 768, 64, 1, 1, 1f, 0f),      // ViT-like q.k^T / linear shapes
        new Case(true, true, 45, 130, 129, 3, 1, -2f, 0.25f),
        new Case(false, true, 50, 50, 64, 12, 0, 0.125f, 0f),   // A shared by every batch entry (stride 0)
        new Case(false, false, 197, 64, 197, 4, 1, 1f, 1f),
    };

    /** Runs one case on a backend; operands padded by ld + 3 and offset by 5 to catch indexing slips. */
    static float[][] run(Backend be, GemmRunner runner, Case c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int aRows = c.ta ? c.k : c.m, aCols = c.ta ? c.m : c.k;
        int bRows = c.tb ? c.n : c.k, bCols = c.tb ? c.k : c.n;
        int lda = aCols + 3, ldb = bCols + 2, ldc = c.n + 1;
        int strideA = c.strideAMode == 0 ? 0 : aRows * lda, strideB = bRows * ldb, strideC = c.m * ldc;
        int off = 5;
        float[] a = random(rnd, off + Math.max(1, c.batch * Math.max(strideA, aRows * lda)), -1, 1);
        float[] b = random(rnd, off + c.batch * strideB, -1, 1);
        float[] c0 = random(rnd, off + c.batch * strideC, -1, 1);
        if (c.beta == 0f) Arrays.fill(c0, Float.NaN);
        Buffer ba = upload(be, a), bb = upload(be, b), bc = upload(be, c0);
        runner.gemm(be, c.ta, c.tb, c.m, c.n, c.k, c.alpha, ba, off, lda, strideA, bb, off, ldb, strideB,
                c.beta, bc, off, ldc, strideC, c.batch);
        // Per element of C: the error bound's scale |alpha| sum |a||b| + |beta||c0| (host, double),
        // or -1 for padding that the product must leave untouched.
        float[] bound = new float[c0.length];
        Arrays.fill(bound, -1f);
        for (int p = 0; p < c.batch; p++) {
            for (int i = 0; i < c.m; i++) {
                for (int j = 0; j < c.n; j++) {
                    double s = 0;
                    for (int l = 0; l < c.k; l++) {
                        float x = c.ta ? a[off + p * strideA + l * lda + i] : a[off + p * strideA + i * lda + l];
                        float y = c.tb ? b[off + p * strideB + j * ldb + l] : b[off + p * strideB + l * ldb + j];
                        s += Math.abs((double) x * y);
                    }
                    int ci = off + p * strideC + i * ldc + j;
                    bound[ci] = (float) (Math.abs(c.alpha) * s + (c.beta == 0f ? 0 : Math.abs(c.beta * c0[ci])));
                }
            }
        }
        return new float[][] {download(be, bc), bound, c0};
    }

    interface GemmRunner {
        void gemm(Backend be, boolean ta, boolean tb, int m, int n, int k, float alpha, Buffer a, int aOff, int lda,
                  int strideA, Buffer b, int bOff, int ldb, int strideB, float beta, Buffer c, int cOff, int ldc,
                  int strideC, int batch);
    }

    static final GemmRunner VIA_BACKEND = (be, ta, tb, m, n, k, al, a, ao, lda, sa, b, bo, ldb, sb, be2, c, co, ldc, sc, bt) ->
            be.gemm(ta, tb, m, n, k, al, a, ao, lda, sa, b, bo, ldb, sb, be2, c, co, ldc, sc, bt);

    /** Compares every case against the CPU; returns the largest error relative to max |C|, for the report. */
    static double compareAll(CudaBackend gpu, GemmRunner runner, double tol, String what) {
        double worstRel = 0;
        for (int ci = 0; ci < CASES.length; ci++) {
            Case c = CASES[ci];
            float[][] ref = run(CudaTestSupport.cpu(), VIA_BACKEND, c, 100 + ci);
            float[][] got = run(gpu, runner, c, 100 + ci);
            double maxAbs = 0, maxErr = 0;
            for (int i = 0; i < ref[0].length; i++) {
                float e = ref[0][i], g = got[0][i];
                if (ref[1][i] < 0) {
                    // Padding: must still hold the initial value (NaN stays NaN).
                    if (Float.compare(g, ref[2][i]) != 0) fail(what + " " + c + " wrote outside C at [" + i + "]");
                    continue;
                }
                double err = Math.abs((double) g - e);
                if (!(err <= tol * ref[1][i])) { // also catches NaN
                    fail(what + " " + c + " [" + i + "]: expected " + e + ", got " + g + ", error " + err
                            + " > " + tol + " * " + ref[1][i]);
                }
                maxAbs = Math.max(maxAbs, Math.abs(e));
                maxErr = Math.max(maxErr, err);
            }
            worstRel = Math.max(worstRel, maxErr / Math.max(maxAbs, 1e-30));
        }
        return worstRel;
    }

    /** Our kernels, forcing each tile size (the backend picks by problem size and SM count). */
    @Test
    void tiledKernelsMatchCpu() {
        CudaBackend gpu = CudaTestSupport.backend(CudaOptions.DEFAULT.withGemm(CudaOptions.GemmChoice.TILED).withSyncLaunch(true));
        for (int sms : new int[] {0, 1 << 20}) { // 0: always 128x128 tiles; huge: always 64x64
            TiledGemm engine = new TiledGemm(gpu.launcher, sms, false);
            double rel = compareAll(gpu, engineRunner(gpu, engine), 1e-4, "tiled SGEMM " + (sms == 0 ? 128 : 64));
            System.err.printf("[CudaGemmTest] %s tiles: max error / max|C| = %.2e%n", sms == 0 ? "128x128" : "64x64", rel);
        }
        assertTrue(gpu.gemmProvider().startsWith("own tiled SGEMM"), gpu.gemmProvider());
    }

    @Test
    void cublasMatchesCpu() {
        assumeCublas();
        CudaBackend gpu = CudaTestSupport.backend(CudaOptions.DEFAULT.withGemm(CudaOptions.GemmChoice.CUBLAS).withSyncLaunch(true));
        double rel = compareAll(gpu, VIA_BACKEND, 1e-4, "cuBLAS SGEMM");
        System.err.printf("[CudaGemmTest] cuBLAS float32: max error / max|C| = %.2e%n", rel);
    }

    @Test
    void cublasTf32StaysWithinItsRoundingBound() {
        assumeCublas();
        CudaBackend gpu = CudaTestSupport.backend(CudaOptions.DEFAULT.withGemm(CudaOptions.GemmChoice.CUBLAS).withTf32(true));
        double rel = compareAll(gpu, VIA_BACKEND, 2e-3, "cuBLAS TF32");
        System.err.printf("[CudaGemmTest] cuBLAS TF32: max error / max|C| = %.2e%n", rel);
    }

    /** The float16 inference option: reports its error against float32 and bounds it. */
    @Test
    void halfPrecisionStaysWithinItsRoundingBound() {
        CudaBackend tiled = CudaTestSupport.backend(
                CudaOptions.DEFAULT.withGemm(CudaOptions.GemmChoice.TILED).withHalf(true).withSyncLaunch(true));
        double rel = compareAll(tiled, VIA_BACKEND, 2e-3, "WMMA float16");
        System.err.printf("[CudaGemmTest] float16 (own WMMA kernel): max error / max|C| = %.2e vs float32%n", rel);
        if (CublasGemm.unavailableReason() == null) {
            CudaBackend cublas = CudaTestSupport.backend(
                    CudaOptions.DEFAULT.withGemm(CudaOptions.GemmChoice.CUBLAS).withHalf(true).withSyncLaunch(true));
            double r2 = compareAll(cublas, VIA_BACKEND, 2e-3, "cuBLAS GemmEx float16");
            System.err.printf("[CudaGemmTest] float16 (cuBLAS GemmEx): max error / max|C| = %.2e vs float32%n", r2);
        }
    }

    private static GemmRunner engineRunner(CudaBackend gpu, TiledGemm engine) {
        return (be, ta, tb, m, n, k, al, a, ao, lda, sa, b, bo, ldb, sb, beta, c, co, ldc, sc, bt) -> {
            GemmArgs g = new GemmArgs(ta, tb, m, n, k, al, (CudaBuffer) a, ao, lda, sa, (CudaBuffer) b, bo, ldb, sb,
                    beta, (CudaBuffer) c, co, ldc, sc, bt);
            g.validate();
            gpu.withContext(() -> engine.run(g));
        };
    }

    private static void assumeCublas() {
        CudaTestSupport.requireGpu();
        String why = CublasGemm.unavailableReason();
        if (why != null) System.err.println("[CudaGemmTest] cuBLAS test skipped: " + why);
        assumeTrue(why == null, why);
    }
}
