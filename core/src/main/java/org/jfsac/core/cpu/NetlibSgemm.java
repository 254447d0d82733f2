package org.jfsac.core.cpu;

import dev.ludovic.netlib.blas.BLAS;

/** netlib's BLAS: JNIBLAS when the system libblas.so.3 loads, otherwise its pure-Java (Vector API) code. */
final class NetlibSgemm implements Sgemm {
    private final BLAS blas;

    NetlibSgemm(BLAS blas) { this.blas = blas; }

    @Override public void sgemm(String transA, String transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        blas.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override public boolean isNative() { return blas.getClass().getSimpleName().contains("JNI"); }

    @Override public String describe() {
        String cls = blas.getClass().getSimpleName();
        return isNative() ? "native BLAS (" + cls + " → system libblas.so.3)"
                : "pure-Java BLAS (" + cls + "; install libopenblas0-pthread or add org.bytedeco:openblas for native GEMM)";
    }
}
