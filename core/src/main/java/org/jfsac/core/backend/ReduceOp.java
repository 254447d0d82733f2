package org.jfsac.core.backend;

/** Reductions over the middle axis of a contiguous [outer, n, inner] block. */
public enum ReduceOp {
    /** the sum */
    SUM,
    /** the maximum (NaN wins) */
    MAX,
    /** the minimum (NaN wins) */
    MIN,
    /** index of the first maximum, as a float */
    ARGMAX
}
