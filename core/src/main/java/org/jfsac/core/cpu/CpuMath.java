package org.jfsac.core.cpu;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.UnaryOp;

/** Scalar definitions of every elementwise op: the reference the GPU kernels are tested against. */
public final class CpuMath {
    private CpuMath() {}

    private static final double SQRT1_2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    /**
     * erfc(x) by the Chebyshev-fitted formula of Numerical Recipes (erfcc): fractional error below
     * 1.2e-7 for every x, so GELU keeps its relative accuracy even far in the negative tail. The GPU
     * kernels and the vector path use the same formula.
     */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    /** x·Φ(x) = 0.5·x·erfc(−x/√2). */
    public static float gelu(float x) {
        return (float) (0.5 * x * erfc(-x * SQRT1_2));
    }

    public static float geluGrad(float x) {
        double cdf = 0.5 * erfc(-x * SQRT1_2);
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
