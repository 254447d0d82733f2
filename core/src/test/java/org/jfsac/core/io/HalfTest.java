package org.jfsac.core.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Half conversions checked against the IEEE 754 definition, exhaustively over all 65536 half
 * values (the fixture test in clip-loader also checks fromFloat against PyTorch's .half()).
 */
class HalfTest {

    @Test
    void knownValues() {
        assertEquals(1f, Half.toFloat((short) 0x3C00));
        assertEquals(-2f, Half.toFloat((short) 0xC000));
        assertEquals(65504f, Half.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001));
        assertEquals(0x1p-14f, Half.toFloat((short) 0x0400));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7C00));
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7E00)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Half.toFloat((short) 0x8000)));
    }

    @Test
    void everyHalfRoundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(f))), "NaN stays NaN: " + h);
            } else {
                assertEquals((short) h, Half.fromFloat(f), "half " + Integer.toHexString(h) + " via " + f);
            }
        }
    }

    /** Midpoints between neighbours round to the even one; a hair either side rounds to the nearer. */
    @Test
    void roundsToNearestEven() {
        for (int h = 0; h < 0x7BFF; h++) {
            float lo = Half.toFloat((short) h);
            float hi = Half.toFloat((short) (h + 1));
            float mid = (lo + hi) / 2; // exact: 12 significant bits fit in a float
            short even = (short) ((h & 1) == 0 ? h : h + 1);
            assertEquals(even, Half.fromFloat(mid), "midpoint above half " + h);
            assertEquals((short) h, Half.fromFloat(Math.nextDown(mid)));
            assertEquals((short) (h + 1), Half.fromFloat(Math.nextUp(mid)));
            assertEquals((short) (h | 0x8000), Half.fromFloat(-Math.nextDown(mid)), "sign is symmetric");
        }
    }

    @Test
    void overflowAndUnderflow() {
        assertEquals((short) 0x7BFF, Half.fromFloat(Math.nextDown(65520f)));
        assertEquals((short) 0x7C00, Half.fromFloat(65520f)); // tie with odd 65504 goes up to inf
        assertEquals((short) 0xFC00, Half.fromFloat(-1e9f));
        assertEquals((short) 0x0000, Half.fromFloat(0x1p-25f)); // tie with 0 (even)
        assertEquals((short) 0x0001, Half.fromFloat(Math.nextUp(0x1p-25f)));
        assertEquals((short) 0x0000, Half.fromFloat(Float.MIN_VALUE));
    }

    @Test
    void bfloat16() {
        for (int b = 0; b < 0x10000; b++) {
            float f = Half.bf16ToFloat((short) b);
            if (!Float.isNaN(f)) assertEquals((short) b, Half.bf16FromFloat(f));
        }
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1); 1 + 3*2^-8 ties up to 1 + 2^-6
        assertEquals(1f, Half.bf16ToFloat(Half.bf16FromFloat(1 + 0x1p-8f)));
        assertEquals(1 + 0x1p-6f, Half.bf16ToFloat(Half.bf16FromFloat(1 + 3 * 0x1p-8f)));
        assertTrue(Float.isNaN(Half.bf16ToFloat(Half.bf16FromFloat(Float.NaN))));
    }
}
