package org.jfsac.core.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD versions of the exp-heavy CPU loops (GELU, exp, softmax rows) through the JDK's Vector API, whose
 * EXP is a vectorised libm (about 30× faster than a scalar Math.exp loop). Same formulas as {@link CpuMath};
 * results agree to float32 rounding. Only touched when {@link VectorSupport#AVAILABLE} (the JVM was started
 * with {@code --add-modules jdk.incubator.vector}); otherwise the scalar loops run and this class is never loaded.
 */
final class CpuVector {
    private CpuVector() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT1_2 = 0.70710678118654752f, INV_SQRT_2PI = 0.39894228040143268f;

    /** 0.5·erfc(z) (Numerical Recipes' erfcc, as CpuMath.erfc) for each lane. */
    private static FloatVector halfErfc(FloatVector z) {
        FloatVector a = z.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(a.mul(0.5f).add(1f));
        FloatVector p = t.mul(0.17087277f).add(-0.82215223f).mul(t).add(1.48851587f).mul(t).add(-1.13520398f).mul(t)
                .add(0.27886807f).mul(t).add(-0.18628806f).mul(t).add(0.09678418f).mul(t).add(0.37409196f).mul(t)
                .add(1.00002368f).mul(t).add(-1.26551223f);
        FloatVector r = t.mul(p.sub(a.mul(a)).lanewise(VectorOperators.EXP));
        VectorMask<Float> neg = z.lt(0f);
        return r.blend(r.neg().add(2f), neg).mul(0.5f);
    }

    /** d[pd..] = gelu(a[pa..]) for len contiguous elements. */
    static void gelu(float[] a, int pa, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, pa + i);
            x.mul(halfErfc(x.mul(-SQRT1_2))).intoArray(d, pd + i);
        }
        for (; i < len; i++) d[pd + i] = CpuMath.gelu(a[pa + i]);
    }

    /** d = g · gelu'(x): Φ(x) + x·φ(x). */
    static void geluGrad(float[] x, int px, float[] g, int pg, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, px + i);
            FloatVector pdf = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP).mul(INV_SQRT_2PI);
            FloatVector grad = halfErfc(v.mul(-SQRT1_2)).add(v.mul(pdf));
            grad.mul(FloatVector.fromArray(S, g, pg + i)).intoArray(d, pd + i);
        }
        for (; i < len; i++) d[pd + i] = g[pg + i] * CpuMath.geluGrad(x[px + i]);
    }

    /** d = x · sigmoid(1.702 x). */
    static void quickGelu(float[] a, int pa, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, pa + i);
            FloatVector e = x.mul(-1.702f).lanewise(VectorOperators.EXP);
            x.div(e.add(1f)).intoArray(d, pd + i);
        }
        for (; i < len; i++) d[pd + i] = CpuMath.unary(org.jfsac.core.backend.UnaryOp.QUICK_GELU, a[pa + i], 0f);
    }

    static void exp(float[] a, int pa, float[] d, int pd, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length())
            FloatVector.fromArray(S, a, pa + i).lanewise(VectorOperators.EXP).intoArray(d, pd + i);
        for (; i < len; i++) d[pd + i] = (float) Math.exp(a[pa + i]);
    }

    static float max(float[] a, int off, int len) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (len >= S.length()) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int n = S.loopBound(len); i < n; i += S.length()) acc = acc.max(FloatVector.fromArray(S, a, off + i));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < len; i++) m = Math.max(m, a[off + i]);
        return m;
    }

    /** d[i] = exp(a[i] − shift) for len elements; returns their sum (in double across lanes). */
    static double expShiftSum(float[] a, int pa, float shift, float[] d, int pd, int len) {
        int i = 0;
        double sum = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int n = S.loopBound(len); i < n; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, a, pa + i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(d, pd + i);
            acc = acc.add(e);
        }
        sum += acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float e = (float) Math.exp(a[pa + i] - shift);
            d[pd + i] = e;
            sum += e;
        }
        return sum;
    }

    static void scale(float[] d, int off, float s, int len) {
        int i = 0;
        for (int n = S.loopBound(len); i < n; i += S.length())
            FloatVector.fromArray(S, d, off + i).mul(s).intoArray(d, off + i);
        for (; i < len; i++) d[off + i] *= s;
    }
}
