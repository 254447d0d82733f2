package org.jfsac.core.cpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each selectable BLAS computes a strided, transposed GEMM right, and -Djfsac.blas picks the one asked for. */
class BlasSelectionTest {
    /** Float products summed over k ≤ 67 terms of magnitude ≤ 1: rounding stays near k·2^-24 ≈ 4e-6 of the largest entry. */
    private static final double TOLERANCE = 1e-5;

    @Test void bundledOpenBlasComputesGemm() {
        Sgemm s = BlasSelection.select("bytedeco");
        assertTrue(s.isNative());
        assertTrue(s.describe().contains("bundled"), s.describe());
        checkAllTransposes(s);
    }

    @Test void pureJavaComputesGemm() {
        Sgemm s = BlasSelection.select("java");
        assertFalse(s.isNative());
        checkAllTransposes(s);
    }

    @Test void fixedOrderGemmComputesGemm() {
        Sgemm s = BlasSelection.select("vector");
        assertFalse(s.isNative());
        assertTrue(s.describe().contains("fixed-order"), s.describe());
        checkAllTransposes(s);
    }

    @Test void netlibIsTheSystemBlasOrAnError() {
        if (BLAS.getInstance().getClass().getSimpleName().contains("JNI")) {
            Sgemm s = BlasSelection.select("netlib");
            assertTrue(s.describe().contains("system"), s.describe());
            checkAllTransposes(s);
        } else {
            assertThrows(IllegalStateException.class, () -> BlasSelection.select("netlib"));
        }
    }

    @Test void autoPrefersSystemThenBundledThenJava() {
        Sgemm system = new NetlibSgemm(BLAS.getInstance()), java = new NetlibSgemm(JavaBLAS.getInstance());
        Sgemm bundled = BlasSelection.select("bytedeco");
        if (system.isNative()) assertSame(system, BlasSelection.auto(system, () -> bundled));
        assertSame(bundled, BlasSelection.auto(java, () -> bundled), "no system BLAS: the bundled one runs");
        assertSame(java, BlasSelection.auto(java, () -> null), "neither native BLAS: netlib's Java code runs");
    }

    @Test void propertySelectsAndRejectsUnknownNames() {
        String old = System.getProperty(BlasSelection.PROPERTY);
        try {
            System.setProperty(BlasSelection.PROPERTY, "JAVA");
            assertFalse(BlasSelection.fromProperty().isNative());
            System.setProperty(BlasSelection.PROPERTY, "mkl");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, BlasSelection::fromProperty);
            assertTrue(e.getMessage().contains("mkl"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(BlasSelection.PROPERTY); else System.setProperty(BlasSelection.PROPERTY, old);
        }
    }

    private static void checkAllTransposes(Sgemm s) {
        for (boolean ta : new boolean[]{false, true}) for (boolean tb : new boolean[]{false, true}) check(s, ta, tb);
    }

    /**
     * Column-major C[m,n] = alpha op(A) op(B) + beta C inside larger arrays (offsets, leading dimensions above the
     * minimum), against a double-precision loop; the region around C must stay untouched.
     */
    private static void check(Sgemm s, boolean ta, boolean tb) {
        int m = 37, n = 29, k = 67, pad = 5;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aRows + 3, ldb = bRows + 2, ldc = m + 4;
        SplittableRandom rnd = new SplittableRandom(7);
        float[] a = randoms(rnd, pad + lda * aCols), b = randoms(rnd, pad + ldb * bCols), c = randoms(rnd, pad + ldc * n + pad);
        float[] c0 = c.clone();
        float alpha = 0.75f, beta = -0.5f;
        s.sgemm(ta ? "T" : "N", tb ? "T" : "N", m, n, k, alpha, a, pad, lda, b, pad, ldb, beta, c, pad, ldc);
        double scale = 0, diff = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double ref = beta * (double) c0[pad + j * ldc + i];
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[pad + i * lda + p] : a[pad + p * lda + i];
                    double y = tb ? b[pad + p * ldb + j] : b[pad + j * ldb + p];
                    ref += alpha * x * y;
                }
                scale = Math.max(scale, Math.abs(ref));
                diff = Math.max(diff, Math.abs(ref - c[pad + j * ldc + i]));
            }
            for (int i = m; i < ldc; i++) assertEquals(c0[pad + j * ldc + i], c[pad + j * ldc + i], "padding row " + i + " written");
        }
        for (int i = 0; i < pad; i++) assertEquals(c0[i], c[i], "before C written");
        for (int i = pad + ldc * n; i < c.length; i++) assertEquals(c0[i], c[i], "after C written");
        assertTrue(diff / scale < TOLERANCE, s.describe() + " transA=" + ta + " transB=" + tb + ": max rel error " + diff / scale);
    }

    private static float[] randoms(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
