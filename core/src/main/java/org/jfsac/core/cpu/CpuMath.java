package org.jfsac.core.cpu;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.UnaryOp;

/** Scalar definitions of every elementwise op: the reference the GPU kernels are tested against. */
public final class CpuMath {
    private CpuMath() {}

    private static final double SQRT1_2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    /**
     * erf(x) via W. J. Cody's rational approximations (as in most libm's erf): about 1e-16 relative
     * in double, so the float result is correctly rounded in practice.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 0.5) {
            double t = x * x;
            double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
                    + 377.485237685302021) * t + 3209.37758913846947;
            double bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t
                    + 2844.23683343917062;
            return x * top / bot;
        }
        double r;
        if (ax < 4.0) {
            double top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax
                    + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax
                    + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
            double bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax
                    + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax
                    + 3439.36767414372164) * ax + 1230.33935480374942;
            r = Math.exp(-ax * ax) * top / bot;
        } else if (ax < 6.0) {
            double z = 1.0 / (ax * ax);
            double top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z
                    + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
            double bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z
                    + 0.0605183413124413191) * z + 0.00233520497626869185;
            r = Math.exp(-ax * ax) / ax * (0.5641895835477563 - z * top / bot);
        } else {
            r = 0.0;
        }
        double e = 1.0 - r;
        return x < 0 ? -e : e;
    }

    public static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + erf(x * SQRT1_2)));
    }

    public static float geluGrad(float x) {
        double cdf = 0.5 * (1.0 + erf(x * SQRT1_2));
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * (double) x * x);
        return (float) (cdf + x * pdf);
    }

    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    public static float unary(UnaryOp op, float x, float p) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case GELU -> gelu(x);
            case QUICK_GELU -> x * sigmoid(1.702f * x);
            case RELU -> x > 0 ? x : 0f;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case ADD_SCALAR -> x + p;
            case MUL_SCALAR -> x * p;
            case POW_SCALAR -> (float) Math.pow(x, p);
            case RDIV_SCALAR -> p / x;
            case RSUB_SCALAR -> p - x;
            case GT_SCALAR -> x > p ? 1f : 0f;
            case IDENTITY -> x;
        };
    }

    public static float binary(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case GELU_GRAD -> b * geluGrad(a);
            case QUICK_GELU_GRAD -> {
                float s = sigmoid(1.702f * a);
                yield b * (s + 1.702f * a * s * (1f - s));
            }
            case TANH_GRAD -> b * (1f - a * a);
            case SIGMOID_GRAD -> b * a * (1f - a);
            case RELU_GRAD -> a > 0 ? b : 0f;
        };
    }
}
