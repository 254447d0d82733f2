/*
 * Layer norm over each row of a contiguous [rows, cols] matrix, forward and backward.
 * Statistics are two-pass per row (mean, then the mean squared deviation: no cancellation), with the
 * biased variance. w and b are optional (hasW/hasB = 0: pass any valid buffer, it is not read).
 */
#include "group_reduce.h"

DEVICE void layernorm_row(SHARED_PTR float* buf, int cols, float eps, const GLOBAL float* RESTRICT xr,
                          const GLOBAL float* RESTRICT w, int hasW, const GLOBAL float* RESTRICT b, int hasB,
                          GLOBAL float* RESTRICT yr, GLOBAL float* RESTRICT mean, GLOBAL float* RESTRICT rstd) {
    int lid = LOCAL_ID(0);
    float s = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) s += xr[j];
    float mu = group_sum(buf, s) / (float) cols;
    float v = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) {
        float d = xr[j] - mu;
        v += d * d;
    }
    float rs = 1.0f / SQRTF(group_sum(buf, v) / (float) cols + eps);
    if (lid == 0) {
        *mean = mu;
        *rstd = rs;
    }
    for (int j = lid; j < cols; j += ROW_WG) {
        float h = (xr[j] - mu) * rs;
        if (hasW) h *= w[j];
        if (hasB) h += b[j];
        yr[j] = h;
    }
}

#ifdef JF_CPU_DEVICE
/* CPU devices (one item per row, see portability.h): the same three passes in explicit SIMD. */
DEVICE void layernorm_row_cpu(int cols, float eps, const GLOBAL float* RESTRICT xr,
                              const GLOBAL float* RESTRICT w, int hasW, const GLOBAL float* RESTRICT b, int hasB,
                              GLOBAL float* RESTRICT yr, GLOBAL float* RESTRICT mean, GLOBAL float* RESTRICT rstd) {
    int nv = cols - cols % JF_VW, j;
    floatv sv = (floatv) 0.0f;
    float s = 0.0f;
    for (j = 0; j < nv; j += JF_VW) sv += VLOAD(xr, j);
    for (; j < cols; j++) s += xr[j];
    float mu = (s + vsum(sv)) / (float) cols;
    floatv vv = (floatv) 0.0f;
    float v = 0.0f;
    for (j = 0; j < nv; j += JF_VW) {
        floatv d = VLOAD(xr, j) - mu;
        vv += d * d;
    }
    for (; j < cols; j++) v += (xr[j] - mu) * (xr[j] - mu);
    float rs = 1.0f / SQRTF((v + vsum(vv)) / (float) cols + eps);
    *mean = mu;
    *rstd = rs;
    for (j = 0; j < nv; j += JF_VW) {
        floatv h = (VLOAD(xr, j) - mu) * rs;
        if (hasW) h *= VLOAD(w, j);
        if (hasB) h += VLOAD(b, j);
        VSTORE(h, yr, j);
    }
    for (; j < cols; j++) {
        float h = (xr[j] - mu) * rs;
        if (hasW) h *= w[j];
        if (hasB) h += b[j];
        yr[j] = h;
    }
}
#endif

/*
 * y = (x - mean) * rstd * w + b; writes mean[row], rstd[row].
 * Launch: 1-D, local ROW_WG, groups = rows (one group per row).
 * Traffic: reads 4*rows*cols bytes (+ w, b once, cached), writes 4*rows*cols + 8*rows; the second
 * and third passes over a row hit the cache.
 */
KERNEL void layernorm_forward(int cols, float eps, const GLOBAL float* RESTRICT x,
                              const GLOBAL float* RESTRICT w, int hasW, const GLOBAL float* RESTRICT b, int hasB,
                              GLOBAL float* RESTRICT y, GLOBAL float* RESTRICT mean, GLOBAL float* RESTRICT rstd) {
    int row = GROUP_ID(0);
#ifdef JF_CPU_DEVICE
    layernorm_row_cpu(cols, eps, x + row * cols, w, hasW, b, hasB, y + row * cols, mean + row, rstd + row);
#else
    SHARED float buf[ROW_WG];
    layernorm_row(buf, cols, eps, x + row * cols, w, hasW, b, hasB, y + row * cols, mean + row, rstd + row);
#endif
}

DEVICE void layernorm_backward_row(SHARED_PTR float* buf, int cols, const GLOBAL float* RESTRICT x,
                                   const GLOBAL float* RESTRICT w, int hasW, float mu, float rs,
                                   const GLOBAL float* RESTRICT gy, GLOBAL float* RESTRICT gx) {
    int lid = LOCAL_ID(0);
    float sg = 0.0f, sgh = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) {
        float g = hasW ? gy[j] * w[j] : gy[j];
        sg += g;
        sgh += g * (x[j] - mu) * rs;
    }
    float mg = group_sum(buf, sg) / (float) cols;
    float mgh = group_sum(buf, sgh) / (float) cols;
    for (int j = lid; j < cols; j += ROW_WG) {
        float g = hasW ? gy[j] * w[j] : gy[j];
        gx[j] = rs * (g - mg - (x[j] - mu) * rs * mgh);
    }
}

/*
 * gx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = gy * w, xhat = (x - mean) * rstd.
 * Launch: 1-D, local ROW_WG, groups = rows (one group per row).
 * Traffic: reads 8*rows*cols bytes (x, gy; w cached), writes 4*rows*cols.
 */
KERNEL void layernorm_backward_x(int cols, const GLOBAL float* RESTRICT x, const GLOBAL float* RESTRICT w, int hasW,
                                 const GLOBAL float* RESTRICT mean, const GLOBAL float* RESTRICT rstd,
                                 const GLOBAL float* RESTRICT gy, GLOBAL float* RESTRICT gx) {
    SHARED float buf[ROW_WG];
    int row = GROUP_ID(0);
    layernorm_backward_row(buf, cols, x + row * cols, w, hasW, mean[row], rstd[row], gy + row * cols, gx + row * cols);
}

/*
 * Partial column sums for the weight and bias gradients over a chunk of rows:
 *   pw[chunk, c] = sum over the chunk's rows of gy * xhat,   pb[chunk, c] = sum of gy.
 * The host adds the chunks up (reduce_cols), so the result does not depend on timing (no atomics).
 * Launch: 2-D; dim 0 over columns (any local size, groups >= ceil(cols/local)), dim 1: groups = chunks, local 1.
 * Traffic: reads 8*rows*cols bytes (x, gy), writes 8*chunks*cols.
 * The hosts pass rowsPerChunk = LN_ROWS_PER_CHUNK (64 measured faster than all rows at once on PoCL).
 */
#define LN_ROWS_PER_CHUNK 64
KERNEL void layernorm_backward_wb(int rows, int cols, int rowsPerChunk, const GLOBAL float* RESTRICT x,
                                  const GLOBAL float* RESTRICT mean, const GLOBAL float* RESTRICT rstd,
                                  const GLOBAL float* RESTRICT gy, GLOBAL float* RESTRICT pw, int wantW,
                                  GLOBAL float* RESTRICT pb, int wantB) {
    int c = GLOBAL_ID(0), chunk = GROUP_ID(1);
    int cc = c < cols ? c : cols - 1; /* items past the last column repeat it and store nothing (uniform loop) */
    float sw = 0.0f, sb = 0.0f;
    /* The trip count is a kernel argument, so CPU compilers see it is the same for every item (STRIDE_SYNC). */
    for (int k = 0; k < rowsPerChunk; k++) {
        int r = chunk * rowsPerChunk + k;
        if (r < rows) {
            float g = gy[r * cols + cc];
            sb += g;
            if (wantW) sw += g * (x[r * cols + cc] - mean[r]) * rstd[r];
        }
        STRIDE_SYNC();
    }
    if (c < cols) {
        if (wantW) pw[chunk * cols + c] = sw;
        if (wantB) pb[chunk * cols + c] = sb;
    }
}
