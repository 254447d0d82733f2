/*
 * Softmax and log-softmax over the last axis of a contiguous [rows, cols] matrix, forward and backward.
 * Launch: 1-D, local ROW_WG, groups = rows (one group per row).
 * A row that is entirely -inf is treated like the CPU reference (max taken as 0): softmax gives NaN.
 */
#include "group_reduce.h"

DEVICE void softmax_row(SHARED_PTR float* buf, int cols, int logOut, const GLOBAL float* RESTRICT xr, GLOBAL float* RESTRICT yr) {
    int lid = LOCAL_ID(0);
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
 * Traffic: reads 4*rows*cols bytes from DRAM (the max, sum and write passes re-read the row, which
 * stays in cache for rows of a few thousand columns), writes 4*rows*cols.
 */
KERNEL void softmax_forward(int cols, int logOut, const GLOBAL float* RESTRICT x, GLOBAL float* RESTRICT y) {
    SHARED float buf[ROW_WG];
    int row = GROUP_ID(0);
    softmax_row(buf, cols, logOut, x + row * cols, y + row * cols);
}

DEVICE void softmax_backward_row(SHARED_PTR float* buf, int cols, int logOut, const GLOBAL float* RESTRICT y,
                                 const GLOBAL float* RESTRICT gy, GLOBAL float* RESTRICT gx) {
    int lid = LOCAL_ID(0);
    float s = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) s += logOut ? gy[j] : gy[j] * y[j];
    s = group_sum(buf, s);
    for (int j = lid; j < cols; j += ROW_WG) gx[j] = logOut ? gy[j] - EXPF(y[j]) * s : y[j] * (gy[j] - s);
}

/*
 * softmax:     gx = y * (gy - sum(gy * y))
 * log-softmax: gx = gy - exp(y) * sum(gy)
 * Traffic: reads 8*rows*cols bytes (y and gy), writes 4*rows*cols.
 */
KERNEL void softmax_backward(int cols, int logOut, const GLOBAL float* RESTRICT y, const GLOBAL float* RESTRICT gy,
                             GLOBAL float* RESTRICT gx) {
    SHARED float buf[ROW_WG];
    int row = GROUP_ID(0);
    softmax_backward_row(buf, cols, logOut, y + row * cols, gy + row * cols, gx + row * cols);
}
