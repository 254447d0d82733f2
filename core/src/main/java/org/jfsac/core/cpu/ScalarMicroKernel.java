package org.jfsac.core.cpu;

/**
 * {@link MicroKernel} in plain Java ({@link Math#fma}), for JVMs without {@code jdk.incubator.vector}. Same chain
 * per element as {@link VectorMicroKernel}, hence the same bits; a 4×8 tile keeps the accumulators in locals.
 */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4, NR = 8;

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override public void run(float[] a, int aOff, float[] b, int bOff, int kc, float[] acc, int accOff) {
        for (int r = 0; r < MR; r++) {
            int row = accOff + r * NR;
            // two halves of four columns: eight accumulators in registers, each its own fma chain over p
            for (int h = 0; h < NR; h += 4) {
                float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
                for (int p = 0, ap = aOff + r, bp = bOff + h; p < kc; p++, ap += MR, bp += NR) {
                    float x = a[ap];
                    c0 = Math.fma(x, b[bp], c0);
                    c1 = Math.fma(x, b[bp + 1], c1);
                    c2 = Math.fma(x, b[bp + 2], c2);
                    c3 = Math.fma(x, b[bp + 3], c3);
                }
                acc[row + h] = acc[row + h] + c0;
                acc[row + h + 1] = acc[row + h + 1] + c1;
                acc[row + h + 2] = acc[row + h + 2] + c2;
                acc[row + h + 3] = acc[row + h + 3] + c3;
            }
        }
    }

    @Override public String describe() { return "scalar Math.fma " + MR + "x" + NR; }
}
