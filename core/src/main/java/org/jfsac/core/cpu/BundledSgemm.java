package org.jfsac.core.cpu;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.nio.FloatBuffer;

/**
 * The OpenBLAS shipped inside {@code org.bytedeco:openblas} (an optional dependency: the JavaCPP classes and
 * the platform's natives jar must be on the class path). Only touched when selected, so a class path without
 * it never loads this class.
 */
final class BundledSgemm implements Sgemm {
    private static final int COL_MAJOR = 102, NO_TRANS = 111, TRANS = 112;

    /** Loads the native library; throws (UnsatisfiedLinkError, NoClassDefFoundError) when it is not there. */
    BundledSgemm() { Loader.load(openblas_nolapack.class); }

    @Override public void sgemm(String transA, String transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        // heap buffers: JavaCPP pins the backing array and honours the position, so offsets need no copy
        openblas_nolapack.cblas_sgemm(COL_MAJOR, op(transA), op(transB), m, n, k, alpha, at(a, aOff), lda, at(b, bOff), ldb,
                beta, at(c, cOff), ldc);
    }

    private static int op(String trans) { return trans.equals("N") ? NO_TRANS : TRANS; }

    private static FloatBuffer at(float[] x, int off) { return FloatBuffer.wrap(x, off, x.length - off); }

    @Override public boolean isNative() { return true; }

    @Override public String describe() {
        return "native BLAS (bundled " + openblas_nolapack.OPENBLAS_VERSION.trim() + " from org.bytedeco:openblas)";
    }
}
