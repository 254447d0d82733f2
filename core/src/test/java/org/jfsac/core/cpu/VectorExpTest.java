package org.jfsac.core.cpu;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector-API path's own exp ({@link CpuVector#exp(float[], int, float[], int, int)}), which replaced the
 * JIT-dependent {@code lanewise(EXP)} (issue 11, defect 12), against {@code StrictMath.exp} in double.
 * Bound: 2 ulp of the float result (measured over every float in [-104, 89]: 1.01 ulp). Runs where the module is present
 * (the default surefire execution); the other execution has no vector path to test.
 */
class VectorExpTest {
    private static final double BOUND_ULP = 2;
    private static final int STRIDE = 307;

    @BeforeEach
    void needsTheVectorPath() {
        assumeTrue(VectorSupport.AVAILABLE, "jdk.incubator.vector absent: the scalar path uses Math.exp");
    }

    private static float[] exp(float... x) {
        float[] y = new float[x.length];
        CpuVector.exp(x, 0, y, 0, x.length);
        return y;
    }

    /** Error of y against e^x in ulps of the correctly rounded float; 0 when both overflow to +inf. */
    private static double ulps(float x, float y) {
        double ref = StrictMath.exp(x);
        float rounded = (float) ref;
        if (Float.isInfinite(rounded)) return Float.isInfinite(y) ? 0 : (ref - y) / Math.ulp(Float.MAX_VALUE);
        return Math.abs(y - ref) / Math.ulp(rounded);
    }

    /** Every 307th float from the smallest subnormal to beyond overflow (e^89) and to below underflow (e^-104). */
    @Test
    void withinTwoUlpOverADenseSweep() {
        int n = 1 << 16;
        float[] x = new float[n], y = new float[n];
        double worst = 0;
        float worstAt = 0;
        long checked = 0;
        for (float end : new float[]{89f, -104f}) {
            int sign = Float.floatToRawIntBits(end) & 0x80000000, top = Float.floatToRawIntBits(Math.abs(end));
            int k = 0;
            for (int bits = 1; bits > 0 && bits <= top; bits += STRIDE) {
                x[k++] = Float.intBitsToFloat(bits | sign);
                if (k == n || bits + STRIDE > top) {
                    CpuVector.exp(x, 0, y, 0, k);
                    for (int i = 0; i < k; i++) {
                        double e = ulps(x[i], y[i]);
                        if (!(e <= worst)) { worst = e; worstAt = x[i]; }
                    }
                    checked += k;
                    k = 0;
                }
            }
        }
        assertTrue(checked > 7_000_000, "swept " + checked);
        assertTrue(worst <= BOUND_ULP, "worst " + worst + " ulp at x = " + worstAt);
    }

    @Test
    void edges() {
        float[] y = exp(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.MIN_VALUE, -Float.MIN_VALUE, 89f, -104f, -103.9f);
        assertTrue(Float.isNaN(y[0]), "NaN");
        assertEquals(Float.POSITIVE_INFINITY, y[1], "+inf");
        assertEquals(0f, y[2], "-inf");
        assertEquals(1f, y[3], 0f, "e^0 exactly");
        assertEquals(1f, y[4], 0f, "e^-0 exactly");
        assertEquals(Float.POSITIVE_INFINITY, y[5], "overflow");
        assertEquals(0f, y[6], "underflow");
        assertEquals(1f, y[7], 0f);
        assertEquals(1f, y[8], 0f);
        assertEquals(Float.POSITIVE_INFINITY, y[9]);
        assertEquals(0f, y[10]);
        assertEquals(Float.MIN_VALUE, y[11], 0f, "e^-103.9 rounds to the smallest subnormal");
        // the overflow threshold: the largest x with a finite e^x, and the next float
        float lastFinite = 88.72283f;
        assertTrue(ulps(lastFinite, exp(lastFinite)[0]) <= BOUND_ULP && Float.isFinite(exp(lastFinite)[0]));
        assertEquals(Float.POSITIVE_INFINITY, exp(Math.nextUp(88.7228394f))[0]);
        // subnormal results, each within the bound (absolute ulp 2^-149 there)
        for (float x = -87.4f; x > -104f; x -= 0.37f) assertTrue(ulps(x, exp(x)[0]) <= BOUND_ULP, "x = " + x);
    }

    /** A vector's tail is computed by the same lane code: an element's result does not depend on its position. */
    @Test
    void resultDoesNotDependOnPositionOrLength() {
        float[] x = new float[67];
        for (int i = 0; i < x.length; i++) x[i] = (i - 33) * 0.731f;
        float[] whole = exp(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(exp(x[i])[0]), "x = " + x[i]);
            float[] shifted = new float[3];
            CpuVector.exp(x, i, shifted, 1, 1);
            assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(shifted[1]));
        }
    }
}
