package org.jfsac.core.backend;

/**
 * Elementwise ops of two inputs (a, b), already broadcast to the output shape by their views.
 * The *_GRAD ops are the fused backward rules: a is the saved forward input (or output, as noted),
 * b is the incoming gradient, and the result is the gradient with respect to the forward input.
 */
public enum BinaryOp {
    /** a + b */ ADD,
    /** a - b */ SUB,
    /** a * b */ MUL,
    /** a / b */ DIV,
    /** a ^ b */ POW,
    /** max(a, b) */ MAX,
    /** min(a, b) */ MIN,
    /** a > b ? 1 : 0 */ GT,
    /** a == b ? 1 : 0 */ EQ,
    /** b * d/dx gelu(x) at x = a (exact erf form) */ GELU_GRAD,
    /** b * d/dx quickgelu(x) at x = a */ QUICK_GELU_GRAD,
    /** b * (1 - a^2), a = tanh output */ TANH_GRAD,
    /** b * a * (1 - a), a = sigmoid output */ SIGMOID_GRAD,
    /** a > 0 ? b : 0, a = relu input */ RELU_GRAD
}
