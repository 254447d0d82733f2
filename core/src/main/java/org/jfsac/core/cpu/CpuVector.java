package org.jfsac.core.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD versions of the exp-heavy CPU loops (GELU, exp, softmax rows) through the JDK's Vector API. Same
 * formulas as {@link CpuMath}, in float; results agree with it to float32 rounding.
 *
 * <p>Every result is the same in every JIT tier, so a computation is bit-identical across processes (issue 11,
 * defect 12). Only lane-wise operations whose IEEE result is exact-by-definition are used (add, sub, mul, div,
 * fma, min/max, compares, integer bit operations): the interpreter/C1 fallback and the C2 intrinsics agree on
 * them. The Vector API's own {@code EXP} is not among them (C2 calls a vector libm, the fallback
 * {@code Math.exp} per lane) and neither is {@code reduceLanes(ADD)} (its order is unspecified), so exp is
 * {@link #exp(FloatVector)} below and lane sums are taken in lane order. Tails shorter than a vector run the
 * same lane code on a padded copy, so an element's result does not depend on its position either.
 *
 * <p>Only touched when {@link VectorSupport#AVAILABLE} (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}); otherwise the scalar loops run and this class is never loaded.
 */
final class CpuVector {
    private CpuVector() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT1_2 = 0.70710678118654752f, INV_SQRT_2PI = 0.39894228040143268f;

    // exp: x = n·ln2 + r with |r| ≤ ln2/2 (Cody-Waite, ln2 split in two floats), exp(r) by a degree-6 polynomial
    // (Cephes expf's minimax coefficients), times 2^n built from the exponent bits in two halves so that
    // results in the subnormal range are rounded once. Arguments are clamped to where the result is neither
    // surely +inf nor surely 0; NaN passes through min/max and the arithmetic.
    private static final float EXP_HI = 89f, EXP_LO = -104f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2^23: adding it rounds to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float LN2_HI = 0.693145751953125f, LN2_LO = 1.428606765330187e-6f;
    private static final float P4 = 1.3981999507e-3f, P5 = 1.9875691500e-4f;
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -LN2_HI), MINUS_LN2_LO = FloatVector.broadcast(S, -LN2_LO),
            P0 = FloatVector.broadcast(S, 5.0000001201e-1f), P1 = FloatVector.broadcast(S, 1.6666665459e-1f),
            P2 = FloatVector.broadcast(S, 4.1665795894e-2f), P3 = FloatVector.broadcast(S, 8.3334519073e-3f);

    /** e^x per lane, within 2 ulp of e^x (VectorExpTest; 1.01 ulp at worst over every float), the same in every JIT tier. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = xc.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(MINUS_LN2_HI, xc);
        r = n.fma(MINUS_LN2_LO, r);
        FloatVector q = r.fma(P5, P4).fma(r, P3).fma(r, P2).fma(r, P1).fma(r, P0);
        FloatVector p = q.fma(r.mul(r), r).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1), n2 = ni.sub(n1);
        return p.mul(pow2(n1)).mul(pow2(n2));
    }

    /** 2^n per lane for -126 ≤ n ≤ 127. */
    private static FloatVector pow2(IntVector n) {
        return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** 0.5·erfc(z) (Numerical Recipes' erfcc, as CpuMath.erfc) for each lane. */
    private static FloatVector halfErfc(FloatVector z) {
        FloatVector a = z.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(a.mul(0.5f).add(1f));
        FloatVector p = t.mul(0.17087277f).add(-0.82215223f).mul(t).add(1.48851587f).mul(t).add(-1.13520398f).mul(t)
                .add(0.27886807f).mul(t).add(-0.18628806f).mul(t).add(0.09678418f).mul(t).add(0.37409196f).mul(t)
                .add(1.00002368f).mul(t).add(-1.26551223f);
        FloatVector r = t.mul(exp(p.sub(a.mul(a))));
        VectorMask<Float> neg = z.lt(0f);
        return r.blend(r.neg().add(2f), neg).mul(0.5f);
    }

    private static FloatVector gelu(FloatVector x) {
        return x.mul(halfErfc(x.mul(-SQRT1_2)));
    }

    /** g · gelu'(x) = g · (Φ(x) + x·φ(x)). */
    private static FloatVector geluGrad(FloatVector x, FloatVector g) {
        FloatVector pdf = exp(x.mul(x).mul(-0.5f)).mul(INV_SQRT_2PI);
        return halfErfc(x.mul(-SQRT1_2)).add(x.mul(pdf)).mul(g);
    }

    /** x · sigmoid(1.702 x). */
    private static FloatVector quickGelu(FloatVector x) {
        return x.div(exp(x.mul(-1.702f)).add(1f));
    }

    /** The last {@code len % S.length()} elements from {@code off}, padded to a whole vector with {@code pad}. */
    private static FloatVector tail(float[] a, int off, int n, float pad) {
        float[] t = new float[S.length()];
        System.arraycopy(a, off, t, 0, n);
        java.util.Arrays.fill(t, n, t.length, pad);
        return FloatVector.fromArray(S, t, 0);
    }

    private static void storeTail(FloatVector v, float[] d, int off, int n) {
        System.arraycopy(v.toArray(), 0, d, off, n);
    }

    /** d[pd..] = gelu(a[pa..]) for len contiguous elements. */
    static void gelu(float[] a, int pa, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length())
            gelu(FloatVector.fromArray(S, a, pa + i)).intoArray(d, pd + i);
        if (i < len) storeTail(gelu(tail(a, pa + i, len - i, 0f)), d, pd + i, len - i);
    }

    /** d = g · gelu'(x). */
    static void geluGrad(float[] x, int px, float[] g, int pg, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length())
            geluGrad(FloatVector.fromArray(S, x, px + i), FloatVector.fromArray(S, g, pg + i)).intoArray(d, pd + i);
        if (i < len) storeTail(geluGrad(tail(x, px + i, len - i, 0f), tail(g, pg + i, len - i, 0f)), d, pd + i, len - i);
    }

    /** d = x · sigmoid(1.702 x). */
    static void quickGelu(float[] a, int pa, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length())
            quickGelu(FloatVector.fromArray(S, a, pa + i)).intoArray(d, pd + i);
        if (i < len) storeTail(quickGelu(tail(a, pa + i, len - i, 0f)), d, pd + i, len - i);
    }

    static void exp(float[] a, int pa, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length())
            exp(FloatVector.fromArray(S, a, pa + i)).intoArray(d, pd + i);
        if (i < len) storeTail(exp(tail(a, pa + i, len - i, 0f)), d, pd + i, len - i);
    }

    /** The largest element (NaN if any is NaN), lanes combined in lane order. */
    static float max(float[] a, int off, int len) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length()) acc = acc.max(FloatVector.fromArray(S, a, off + i));
        if (i < len) acc = acc.max(tail(a, off + i, len - i, Float.NEGATIVE_INFINITY));
        float m = Float.NEGATIVE_INFINITY;
        for (float v : acc.toArray()) m = Math.max(m, v);
        return m;
    }

    /** d[i] = exp(a[i] − shift) for len elements; returns their sum (lanes summed in float, then in lane order in double). */
    static double expShiftSum(float[] a, int pa, float shift, float[] d, int pd, int len) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length()) {
            FloatVector e = exp(FloatVector.fromArray(S, a, pa + i).sub(shift));
            e.intoArray(d, pd + i);
            acc = acc.add(e);
        }
        if (i < len) {
            // padding with -inf adds exp(-inf) = 0 to the sum
            FloatVector e = exp(tail(a, pa + i, len - i, Float.NEGATIVE_INFINITY).sub(shift));
            storeTail(e, d, pd + i, len - i);
            acc = acc.add(e);
        }
        double sum = 0;
        for (float v : acc.toArray()) sum += v;
        return sum;
    }

    static void scale(float[] d, int off, float s, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length())
            FloatVector.fromArray(S, d, off + i).mul(s).intoArray(d, off + i);
        for (; i < len; i++) d[off + i] *= s;
    }
}
