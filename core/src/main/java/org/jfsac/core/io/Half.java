package org.jfsac.core.io;

/**
 * IEEE 754 binary16 and bfloat16 conversions (Java 17 has no Float.float16ToFloat).
 * Float to half rounds to nearest, ties to even, as numpy and PyTorch do.
 */
public final class Half {
    private Half() {}

    public static float toFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exact in float
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) {
            // inf stays inf; NaN stays a (quiet) NaN with its top payload bits
            return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 | ((abs >>> 13) & 0x3FF) : 0));
        }
        // 65520 is halfway between 65504 (max half, odd mantissa) and 65536: ties-to-even goes to inf
        if (abs >= 0x477FF000) return (short) (sign | 0x7C00);
        if (abs < 0x38800000) {
            // below 2^-14: a subnormal half counts units of 2^-24; scaling by 2^24 is exact and
            // rint rounds half to even; 1024 units correctly becomes the smallest normal 0x400
            return (short) (sign | (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f));
        }
        int h = (((abs >>> 23) - 112) << 10) | ((abs >>> 13) & 0x3FF);
        int rest = abs & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) h++; // a carry rolls into the exponent, as it should
        return (short) (sign | h);
    }

    public static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** Float to bfloat16, round to nearest even (NaN kept as a quiet NaN). */
    public static short bf16FromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
