package org.jfsac.core.backend;

/**
 * Elementwise ops of one input. Ops marked "param" read the scalar argument of
 * {@link Backend#unary}. The formulas are the contract: every backend must compute exactly these.
 */
public enum UnaryOp {
    /** -x */ NEG,
    /** e^x */ EXP,
    /** ln x */ LOG,
    /** sqrt x */ SQRT,
    /** tanh x */ TANH,
    /** 1/(1+e^-x) */ SIGMOID,
    /** x * Phi(x) with the exact erf form: 0.5 x (1 + erf(x/sqrt2)) */ GELU,
    /** x * sigmoid(1.702 x) */ QUICK_GELU,
    /** max(x, 0) */ RELU,
    /** |x| */ ABS,
    /** sign(x) in {-1,0,1} */ SIGN,
    /** x + param */ ADD_SCALAR,
    /** x * param */ MUL_SCALAR,
    /** x ^ param */ POW_SCALAR,
    /** param / x */ RDIV_SCALAR,
    /** param - x */ RSUB_SCALAR,
    /** x > param ? 1 : 0 */ GT_SCALAR,
    /** x (a copy; used for strided-to-contiguous) */ IDENTITY
}
