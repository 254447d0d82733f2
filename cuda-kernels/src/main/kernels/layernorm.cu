/*
 * Layer norm over each row of a contiguous [rows, cols] matrix, forward and backward.
 * Statistics are two-pass per row (mean, then the mean squared deviation: no cancellation), with the
 * biased variance. w and b are optional (hasW/hasB = 0: pass any valid buffer, it is not read).
 */
#include "group_reduce.h"

/*
 * y = (x - mean) * rstd * w + b; writes mean[row], rstd[row].
 * Launch: 1-D, local ROW_WG, groups = rows.
 * Traffic: reads 4*rows*cols bytes (+ w, b once, cached), writes 4*rows*cols + 8*rows; the second
 * and third passes over a row hit the cache.
 */
KERNEL void layernorm_forward(int cols, float eps, const GLOBAL float* RESTRICT x,
                              const GLOBAL float* RESTRICT w, int hasW, const GLOBAL float* RESTRICT b, int hasB,
                              GLOBAL float* RESTRICT y, GLOBAL float* RESTRICT mean, GLOBAL float* RESTRICT rstd) {
    SHARED float buf[ROW_WG];
    int lid = LOCAL_ID(0), row = GROUP_ID(0);
    const GLOBAL float* xr = x + row * cols;
    GLOBAL float* yr = y + row * cols;
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
        mean[row] = mu;
        rstd[row] = rs;
    }
    for (int j = lid; j < cols; j += ROW_WG) {
        float h = (xr[j] - mu) * rs;
        if (hasW) h *= w[j];
        if (hasB) h += b[j];
        yr[j] = h;
    }
}

/*
 * gx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = gy * w, xhat = (x - mean) * rstd.
 * Launch: 1-D, local ROW_WG, groups = rows.
 * Traffic: reads 8*rows*cols bytes (x, gy; w cached), writes 4*rows*cols.
 */
KERNEL void layernorm_backward_x(int cols, const GLOBAL float* RESTRICT x, const GLOBAL float* RESTRICT w, int hasW,
                                 const GLOBAL float* RESTRICT mean, const GLOBAL float* RESTRICT rstd,
                                 const GLOBAL float* RESTRICT gy, GLOBAL float* RESTRICT gx) {
    SHARED float buf[ROW_WG];
    int lid = LOCAL_ID(0), row = GROUP_ID(0), base = row * cols;
    float mu = mean[row], rs = rstd[row];
    float sg = 0.0f, sgh = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) {
        float g = hasW ? gy[base + j] * w[j] : gy[base + j];
        sg += g;
        sgh += g * (x[base + j] - mu) * rs;
    }
    float mg = group_sum(buf, sg) / (float) cols;
    float mgh = group_sum(buf, sgh) / (float) cols;
    for (int j = lid; j < cols; j += ROW_WG) {
        float g = hasW ? gy[base + j] * w[j] : gy[base + j];
        float h = (x[base + j] - mu) * rs;
        gx[base + j] = rs * (g - mg - h * mgh);
    }
}

/*
 * Partial column sums for the weight and bias gradients over a chunk of rows:
 *   pw[chunk, c] = sum over the chunk's rows of gy * xhat,   pb[chunk, c] = sum of gy.
 * The host adds the chunks up (reduce_cols), so the result does not depend on timing (no atomics).
 * Launch: 2-D; dim 0 over columns (any local size, groups >= ceil(cols/local)), dim 1: groups = chunks, local 1.
 * Traffic: reads 8*rows*cols bytes (x, gy), writes 8*chunks*cols.
 */
KERNEL void layernorm_backward_wb(int rows, int cols, int rowsPerChunk, const GLOBAL float* RESTRICT x,
                                  const GLOBAL float* RESTRICT mean, const GLOBAL float* RESTRICT rstd,
                                  const GLOBAL float* RESTRICT gy, GLOBAL float* RESTRICT pw, int wantW,
                                  GLOBAL float* RESTRICT pb, int wantB) {
    int c = GLOBAL_ID(0), chunk = GROUP_ID(1);
    if (c >= cols) return;
    int r0 = chunk * rowsPerChunk;
    int r1 = r0 + rowsPerChunk < rows ? r0 + rowsPerChunk : rows;
    float sw = 0.0f, sb = 0.0f;
    for (int r = r0; r < r1; r++) {
        float g = gy[r * cols + c];
        sb += g;
        if (wantW) sw += g * (x[r * cols + c] - mean[r]) * rstd[r];
    }
    if (wantW) pw[chunk * cols + c] = sw;
    if (wantB) pb[chunk * cols + c] = sb;
}
