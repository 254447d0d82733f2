/*
 * Softmax and log-softmax over the last axis of a contiguous [rows, cols] matrix, forward and backward.
 * One group per row. Launch: 1-D, local ROW_WG, groups = rows.
 * A row that is entirely -inf is treated like the CPU reference (max taken as 0): softmax gives NaN.
 */
#include "group_reduce.h"

/*
 * Traffic: reads 4*rows*cols bytes from DRAM (the max, sum and write passes re-read the row, which
 * stays in cache for rows of a few thousand columns), writes 4*rows*cols.
 */
KERNEL void softmax_forward(int cols, int logOut, const GLOBAL float* RESTRICT x, GLOBAL float* RESTRICT y) {
    SHARED float buf[ROW_WG];
    int lid = LOCAL_ID(0);
    const GLOBAL float* xr = x + GROUP_ID(0) * cols;
    GLOBAL float* yr = y + GROUP_ID(0) * cols;
    float m = -F_INF;
    for (int j = lid; j < cols; j += ROW_WG) {
        float v = xr[j];
        if (v > m || ISNAN(v)) m = v;
    }
    m = group_max(buf, m);
    if (m == -F_INF) m = 0.0f;
    float s = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) s += EXPF(xr[j] - m);
    s = group_sum(buf, s);
    if (logOut) {
        float lse = m + LOGF(s);
        for (int j = lid; j < cols; j += ROW_WG) yr[j] = xr[j] - lse;
    } else {
        float inv = 1.0f / s;
        for (int j = lid; j < cols; j += ROW_WG) yr[j] = EXPF(xr[j] - m) * inv;
    }
}

/*
 * softmax:     gx = y * (gy - sum(gy * y))
 * log-softmax: gx = gy - exp(y) * sum(gy)
 * Traffic: reads 8*rows*cols bytes (y and gy), writes 4*rows*cols.
 */
KERNEL void softmax_backward(int cols, int logOut, const GLOBAL float* RESTRICT y, const GLOBAL float* RESTRICT gy,
                             GLOBAL float* RESTRICT gx) {
    SHARED float buf[ROW_WG];
    int lid = LOCAL_ID(0);
    int base = GROUP_ID(0) * cols;
    float s = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) s += logOut ? gy[base + j] : gy[base + j] * y[base + j];
    s = group_sum(buf, s);
    for (int j = lid; j < cols; j += ROW_WG) {
        float yv = y[base + j], g = gy[base + j];
        gx[base + j] = logOut ? g - EXPF(yv) * s : yv * (g - s);
    }
}
