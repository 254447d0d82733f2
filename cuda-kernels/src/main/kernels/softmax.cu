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

#ifdef JF_CPU_DEVICE
/*
 * CPU devices (one item per row, see portability.h): three straight SIMD passes. The exps are computed
 * once, stored in y while their sum accumulates, then scaled in place (log-softmax stores nothing in
 * the sum pass and writes x - lse instead).
 */
DEVICE void softmax_row_cpu(int cols, int logOut, const GLOBAL float* RESTRICT xr, GLOBAL float* RESTRICT yr) {
    int nv = cols - cols % JF_VW, j;
    floatv mv = (floatv) (-F_INF);
    for (j = 0; j < nv; j += JF_VW) {
        floatv v = VLOAD(xr, j);
        mv = (v > mv | v != v) ? v : mv;
    }
    float m = vmax(mv);
    for (; j < cols; j++) if (xr[j] > m || ISNAN(xr[j])) m = xr[j];
    if (m == -F_INF) m = 0.0f;
    floatv sv = (floatv) 0.0f;
    float s = 0.0f;
    for (j = 0; j < nv; j += JF_VW) {
        floatv e = jf_cpu_expv(VLOAD(xr, j) - m);
        if (!logOut) VSTORE(e, yr, j);
        sv += e;
    }
    for (; j < cols; j++) {
        float e = EXPF(xr[j] - m);
        if (!logOut) yr[j] = e;
        s += e;
    }
    s += vsum(sv);
    if (logOut) {
        float lse = m + LOGF(s);
        for (j = 0; j < nv; j += JF_VW) VSTORE(VLOAD(xr, j) - lse, yr, j);
        for (; j < cols; j++) yr[j] = xr[j] - lse;
    } else {
        float inv = 1.0f / s;
        for (j = 0; j < nv; j += JF_VW) VSTORE(VLOAD(yr, j) * inv, yr, j);
        for (; j < cols; j++) yr[j] *= inv;
    }
}
#endif

/*
 * Traffic: reads 4*rows*cols bytes from DRAM (the max, sum and write passes re-read the row, which
 * stays in cache for rows of a few thousand columns), writes 4*rows*cols.
 */
KERNEL void softmax_forward(int cols, int logOut, const GLOBAL float* RESTRICT x, GLOBAL float* RESTRICT y) {
    int row = GROUP_ID(0);
#ifdef JF_CPU_DEVICE
    softmax_row_cpu(cols, logOut, x + row * cols, y + row * cols);
#else
    SHARED float buf[ROW_WG];
    softmax_row(buf, cols, logOut, x + row * cols, y + row * cols);
#endif
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
