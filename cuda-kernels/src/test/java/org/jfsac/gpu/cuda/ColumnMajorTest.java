package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The row-major to column-major mapping handed to cuBLAS, checked by running the mapped call through
 * a literal Java transcription of cuBLAS's documented column-major semantics and comparing it with a
 * naive row-major product. Exact comparison: both sum the same products in the same order of k.
 */
class ColumnMajorTest {

    /** cuBLAS sgemm: C(i,j) = alpha * sum_l opA(i,l) opB(l,j) + beta * C(i,j), column-major, X(i,j) = X[i + j*ld]. */
    static void cublasSgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int lda,
                            float[] b, int ldb, float beta, float[] c, int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float s = 0;
                for (int l = 0; l < k; l++) {
                    float x = ta ? a[l + i * lda] : a[i + l * lda];
                    float y = tb ? b[j + l * ldb] : b[l + j * ldb];
                    s += x * y;
                }
                c[i + j * ldc] = alpha * s + beta * c[i + j * ldc];
            }
        }
    }

    static void rowMajor(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int lda,
                         float[] b, int ldb, float beta, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int l = 0; l < k; l++) {
                    float x = ta ? a[l * lda + i] : a[i * lda + l];
                    float y = tb ? b[j * ldb + l] : b[l * ldb + j];
                    s += x * y;
                }
                c[i * ldc + j] = alpha * s + beta * c[i * ldc + j];
            }
        }
    }

    @Test
    void swappedOperandsReproduceTheRowMajorProduct() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int m = 5, n = 7, k = 3;
                int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3;
                float[] a = random(rnd, (ta ? k : m) * lda), b = random(rnd, (tb ? n : k) * ldb);
                float[] c0 = random(rnd, m * ldc);
                float[] expected = c0.clone(), actual = c0.clone();
                rowMajor(ta, tb, m, n, k, 1.5f, a, lda, b, ldb, 0.5f, expected, ldc);
                ColumnMajor cm = ColumnMajor.of(ta, tb, m, n, k);
                float[] first = cm.first() == 'B' ? b : a, second = cm.second() == 'A' ? a : b;
                int ldFirst = cm.first() == 'B' ? ldb : lda, ldSecond = cm.second() == 'A' ? lda : ldb;
                cublasSgemm(cm.transFirst(), cm.transSecond(), cm.m(), cm.n(), cm.k(), 1.5f,
                        first, ldFirst, second, ldSecond, 0.5f, actual, ldc);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 0f, "transA=" + ta + " transB=" + tb + " at " + i);
                }
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextDouble(-1, 1);
        return x;
    }
}
