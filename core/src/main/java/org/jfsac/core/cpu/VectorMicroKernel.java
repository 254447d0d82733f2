package org.jfsac.core.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel} on the JDK Vector API: a 6 × (2 vectors) tile, twelve accumulator registers (16 columns
 * with AVX2, 32 with AVX-512), one broadcast of A and two loads of B per step of k. Each lane runs its own fma
 * chain from zero, added to the tile at the end, so the bits equal {@link ScalarMicroKernel}'s. Only loaded when {@link VectorSupport#AVAILABLE}.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length(), MR = 6, NR = 2 * V;

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override public void run(float[] a, int aOff, float[] b, int bOff, int kc, float[] acc, int o) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        // indices derived from the loop counter (not separate induction variables), so C2 hoists the range checks
        for (int p = 0; p < kc; p++) {
            int ap = aOff + p * MR, bp = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + V);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        FloatVector.fromArray(S, acc, o).add(c00).intoArray(acc, o);
        FloatVector.fromArray(S, acc, o + V).add(c01).intoArray(acc, o + V);
        FloatVector.fromArray(S, acc, o + NR).add(c10).intoArray(acc, o + NR);
        FloatVector.fromArray(S, acc, o + NR + V).add(c11).intoArray(acc, o + NR + V);
        FloatVector.fromArray(S, acc, o + 2 * NR).add(c20).intoArray(acc, o + 2 * NR);
        FloatVector.fromArray(S, acc, o + 2 * NR + V).add(c21).intoArray(acc, o + 2 * NR + V);
        FloatVector.fromArray(S, acc, o + 3 * NR).add(c30).intoArray(acc, o + 3 * NR);
        FloatVector.fromArray(S, acc, o + 3 * NR + V).add(c31).intoArray(acc, o + 3 * NR + V);
        FloatVector.fromArray(S, acc, o + 4 * NR).add(c40).intoArray(acc, o + 4 * NR);
        FloatVector.fromArray(S, acc, o + 4 * NR + V).add(c41).intoArray(acc, o + 4 * NR + V);
        FloatVector.fromArray(S, acc, o + 5 * NR).add(c50).intoArray(acc, o + 5 * NR);
        FloatVector.fromArray(S, acc, o + 5 * NR + V).add(c51).intoArray(acc, o + 5 * NR + V);
    }

    @Override public String describe() { return "jdk.incubator.vector " + MR + "x" + NR + " (" + S.vectorBitSize() + "-bit)"; }
}
