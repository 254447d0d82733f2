/*
 * Work-group reductions for the one-group-per-row kernels (reduce, softmax, layer norm): the host
 * launches those with a local size of exactly ROW_WG (a power of two, default 256, -DROW_WG=n to change).
 */
#ifndef JFSAC_GROUP_REDUCE_H
#define JFSAC_GROUP_REDUCE_H
#include "portability.h"

#ifndef ROW_WG
#define ROW_WG 256
#endif

/* Tree reduction of one value per work-item over the group; buf has ROW_WG entries. Every item gets the sum. */
DEVICE float group_sum(SHARED_PTR float* buf, float v) {
    int lid = LOCAL_ID(0);
    buf[lid] = v;
    BARRIER();
    for (int s = ROW_WG / 2; s > 0; s >>= 1) {
        if (lid < s) buf[lid] += buf[lid + s];
        BARRIER();
    }
    float r = buf[0];
    BARRIER();
    return r;
}

/* Like group_sum for the maximum; NaN propagates (as in the CPU reference). */
DEVICE float group_max(SHARED_PTR float* buf, float v) {
    int lid = LOCAL_ID(0);
    buf[lid] = v;
    BARRIER();
    for (int s = ROW_WG / 2; s > 0; s >>= 1) {
        if (lid < s) {
            float o = buf[lid + s];
            if (o > buf[lid] || ISNAN(o)) buf[lid] = o;
        }
        BARRIER();
    }
    float r = buf[0];
    BARRIER();
    return r;
}

#endif /* JFSAC_GROUP_REDUCE_H */
