package org.jfsac.core.backend;

/** Reductions over the middle axis of a contiguous [outer, n, inner] block. */
public enum ReduceOp {
    SUM, MAX, MIN,
    /** index of the first maximum, as a float */
    ARGMAX
}
