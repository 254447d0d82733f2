/*
 * One Adam/AdamW step over n contiguous parameters, with PyTorch's (foreach=False) order of operations.
 * The host computes the step's scalars in the same float arithmetic as the CPU reference:
 *   decay     = 1 - lr*wd (AdamW: decoupled = 1) or the L2 coefficient wd (Adam: decoupled = 0)
 *   stepSize  = lr / (1 - beta1^step),  bc2Sqrt = sqrt(1 - beta2^step)
 * Launch: 1-D, any local size, any number of groups (FOR_EACH_ITEM).
 * Traffic: reads 16n bytes (p, g, m, v), writes 12n (p, m, v).
 */
#include "portability.h"

KERNEL void adam_step(int n, GLOBAL float* RESTRICT p, const GLOBAL float* RESTRICT g, GLOBAL float* RESTRICT m,
                      GLOBAL float* RESTRICT v, float beta1, float beta2, float eps, float decay, int decoupled,
                      float stepSize, float bc2Sqrt) {
    FOR_EACH_ITEM(i, n) {
        float pi = p[i], gi = g[i];
        if (decoupled) pi *= decay;
        else if (decay != 0.0f) gi += decay * pi;
        float mi = m[i] + (gi - m[i]) * (1.0f - beta1);
        float vi = v[i] * beta2 + (1.0f - beta2) * gi * gi;
        float denom = SQRTF(vi) / bc2Sqrt + eps;
        p[i] = pi - stepSize * mi / denom;
        m[i] = mi;
        v[i] = vi;
    }
}
