package org.jfsac.core.backend.conformance;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The suite's one tolerance rule. Every result is compared with a double-precision {@link Reference}
 * computed from the same float32 inputs, element by element:
 * <pre>  |got - ref| &lt;= rel * (|ref| + floor * rms(ref))</pre>
 * where rms is over the finite reference values. The floor judges entries that cancel to near zero on the
 * array's own scale: a float32 result of a difference of O(rms) terms is off by about 2^-24 * rms however
 * small it is. NaN must meet NaN and infinities must match exactly, in every class.
 *
 * <ul>
 *   <li>{@link #EXACT}: data movement and selection (fill, copy, where, gather, MAX/MIN/ARGMAX): no arithmetic.</li>
 *   <li>{@link #ELEMENTWISE}: 1e-5 relative with a floor of 0.1 rms, i.e. 1e-6 of the scale. float32 math functions
 *       are within a few ulp (1 ulp = 6e-8); 1e-5 leaves room for the erfc fit behind GELU (1.2e-7) and for
 *       device libraries (OpenCL allows 3-4 ulp for exp, pow, tanh).</li>
 *   <li>{@link #ACCUMULATED}: 1e-4 relative with a floor of 1 rms: reductions, normalisations, GEMM and attention sum
 *       hundreds or thousands of float32 terms in an order each backend chooses; the rounding error of such a sum
 *       grows with the magnitude of its terms, not of its result (bound n * 2^-24 of the terms' scale, about 2e-4 at
 *       n = 3001 in the worst case, typically sqrt(n) * 2^-24 = 3e-6).</li>
 * </ul>
 */
public enum Tolerance {
    EXACT(0, 0), ELEMENTWISE(1e-5, 0.1), ACCUMULATED(1e-4, 1.0);

    private final double rel;
    private final double floor;

    Tolerance(double rel, double floor) {
        this.rel = rel;
        this.floor = floor;
    }

    /** Asserts got matches ref under this rule; fails naming the first bad element and the backend. */
    public void check(String what, float[] got, double[] ref) {
        checkScaled(what, got, ref, rms(ref) * floor);
    }

    /**
     * The same rule with the floor's scale given: for results that are known cancellations of larger terms
     * (the layer-norm and attention input gradients), whose error follows those terms' scale, which the
     * caller computes. The floor is the larger of that scale and the reference's own rms.
     */
    public void check(String what, float[] got, double[] ref, double termScale) {
        checkScaled(what, got, ref, Math.max(termScale, rms(ref)) * floor);
    }

    private static double rms(double[] ref) {
        double ss = 0;
        int finite = 0;
        for (double v : ref) {
            if (Float.isFinite((float) v)) {
                ss += v * v;
                finite++;
            }
        }
        return finite == 0 ? 0 : Math.sqrt(ss / finite);
    }

    private void checkScaled(String what, float[] got, double[] ref, double scale) {
        if (got.length != ref.length) fail(what + ": " + got.length + " values, reference has " + ref.length);
        for (int i = 0; i < got.length; i++) {
            double g = got[i], r = ref[i];
            if (Double.isNaN(r) || Float.isInfinite((float) r)) { // beyond float range: the float result is infinite
                r = (float) r;
                if (!(Double.isNaN(r) && Double.isNaN(g)) && g != r) fail(what + ": element " + i + " is " + got[i] + ", reference " + r);
                continue;
            }
            double err = Math.abs(g - r), tol = rel * (Math.abs(r) + scale);
            if (!(err <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", reference " + r + " (error " + err + " > tolerance " + tol + ")");
            }
        }
    }
}
