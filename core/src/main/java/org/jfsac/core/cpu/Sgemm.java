package org.jfsac.core.cpu;

/** One BLAS's column-major SGEMM on heap arrays with offsets (the BLAS argument order), and its name. */
interface Sgemm {
    void sgemm(String transA, String transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /** For the backend's describe line: which library runs and how it was reached. */
    String describe();

    /** Whether this is native code (the system or the bundled OpenBLAS) rather than the Java fallback. */
    boolean isNative();
}
