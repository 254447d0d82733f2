/*
 * Reductions (sum, max, min, argmax) over the middle axis of a contiguous [outer, n, inner] block.
 * Op codes are the ordinals of org.jfsac.core.backend.ReduceOp. MAX/MIN propagate NaN; ARGMAX returns
 * the first index of the maximum (as a float) and ignores NaN, like the CPU reference.
 */
#include "group_reduce.h"

#define ROP_SUM 0
#define ROP_MAX 1
#define ROP_MIN 2
#define ROP_ARGMAX 3

/* Does value v (at index iv) replace the current best (at index ib) for op? */
DEVICE int reduce_better(int op, float v, int iv, float best, int ib) {
    if (op == ROP_MAX) return v > best || ISNAN(v);
    if (op == ROP_MIN) return v < best || ISNAN(v);
    return v > best || (v == best && iv < ib); /* ARGMAX: first maximum */
}

DEVICE void reduce_row(SHARED_PTR float* vals, SHARED_PTR int* idxs, int op, int n, const GLOBAL float* RESTRICT xr,
                       GLOBAL float* RESTRICT out) {
    int lid = LOCAL_ID(0);
    /* Each item scans its stripe in increasing j (keeping the first index of a tie), then one tree
     * combines the items. No barrier sits under a branch: PoCL miscompiles that pattern. */
    float best = op == ROP_SUM ? 0.0f : (lid < n ? xr[lid] : (op == ROP_MIN ? F_INF : -F_INF));
    int bi = lid < n ? lid : 0x7fffffff;
    for (int j = op == ROP_SUM ? lid : lid + ROW_WG; j < n; j += ROW_WG) {
        float v = xr[j];
        if (op == ROP_SUM) best += v;
        else if (reduce_better(op, v, j, best, bi)) { best = v; bi = j; }
    }
    vals[lid] = best;
    idxs[lid] = bi;
    BARRIER();
    for (int s = ROW_WG / 2; s > 0; s >>= 1) {
        if (lid < s) {
            if (op == ROP_SUM) {
                vals[lid] += vals[lid + s];
            } else if (reduce_better(op, vals[lid + s], idxs[lid + s], vals[lid], idxs[lid])) {
                vals[lid] = vals[lid + s];
                idxs[lid] = idxs[lid + s];
            }
        }
        BARRIER();
    }
    if (lid == 0) *out = op == ROP_ARGMAX ? (float) idxs[0] : vals[0];
}

#ifdef JF_CPU_DEVICE
/*
 * CPU devices (one item per row, see portability.h): per-lane partial results in explicit SIMD, then the
 * lanes and the scalar tail combined in index order. MAX/MIN: a NaN lane stays NaN, so any NaN wins.
 * ARGMAX: each lane keeps its first strict maximum; NaN never compares greater, so it is skipped, except
 * that a NaN (or -inf) at index 0 is never beaten, as in the reference, which starts from x[0].
 */
DEVICE void reduce_row_cpu(int op, int n, const GLOBAL float* RESTRICT xr, GLOBAL float* RESTRICT out) {
    int nv = n - n % JF_VW, j;
    float sign = op == ROP_MIN ? -1.0f : 1.0f; /* MIN is MAX of -x (negation keeps NaN a NaN) */
    floatv acc = (floatv) (op == ROP_SUM ? 0.0f : -F_INF);
    intv at = (intv) 0x7fffffff;
    for (j = 0; j < nv; j += JF_VW) {
        floatv v = VLOAD(xr, j);
        if (op == ROP_SUM) {
            acc += v;
        } else if (op == ROP_ARGMAX) {
            intv c = v > acc;
            acc = c ? v : acc;
            at = c ? VLANES + j : at;
        } else {
            v *= sign;
            acc = (v > acc | v != v) ? v : acc;
        }
    }
    float l[JF_VW];
    int li[JF_VW];
    VSTORE(acc, l, 0);
    VSTOREI(at, li, 0);
    float best = op == ROP_SUM ? 0.0f : -F_INF;
    int bi = 0x7fffffff;
    for (int i = 0; i < JF_VW; i++) {
        if (op == ROP_SUM) best += l[i];
        else if (op == ROP_ARGMAX ? l[i] > best || (l[i] == best && li[i] < bi) : l[i] > best || l[i] != l[i]) {
            best = l[i];
            bi = li[i];
        }
    }
    for (; j < n; j++) {
        float v = op == ROP_MIN ? -xr[j] : xr[j];
        if (op == ROP_SUM) best += v;
        else if (op == ROP_ARGMAX ? v > best : v > best || v != v) {
            best = v;
            bi = j;
        }
    }
    if (op == ROP_ARGMAX) *out = xr[0] != xr[0] || best == -F_INF ? 0.0f : (float) bi;
    else *out = op == ROP_MIN ? -best : best;
}
#endif

/*
 * inner == 1: one group per row of length n. Launch: 1-D, local ROW_WG, groups = outer.
 * Traffic: reads 4*outer*n bytes, writes 4*outer.
 */
KERNEL void reduce_rows(int op, int n, const GLOBAL float* RESTRICT x, int xOff, GLOBAL float* RESTRICT out, int outOff) {
    int row = GROUP_ID(0);
#ifdef JF_CPU_DEVICE
    reduce_row_cpu(op, n, x + xOff + row * n, out + outOff + row);
#else
    SHARED float vals[ROW_WG];
    SHARED int idxs[ROW_WG];
    reduce_row(vals, idxs, op, n, x + xOff + row * n, out + outOff + row);
#endif
}

/* Columns per work-item of reduce_cols on CPU devices (the host reads this define). */
#define CPU_COLS 64

#ifdef JF_CPU_DEVICE
#define CPU_COL_VECS (CPU_COLS / JF_WW)

/*
 * Reduces nvec * JF_WW neighbouring columns (xc: first element, row stride inner) over n rows in explicit
 * SIMD, with the same per-column order and comparisons as the scalar loop. nvec is a constant at each call,
 * so the per-vector arrays live in registers.
 */
DEVICE void reduce_col_block(int op, int n, int inner, const GLOBAL float* RESTRICT xc, GLOBAL float* RESTRICT oc, int nvec) {
    floatw best[CPU_COL_VECS];
    intw bi[CPU_COL_VECS];
    for (int v = 0; v < nvec; v++) {
        best[v] = op == ROP_SUM ? (floatw) 0.0f : WLOAD(xc, v * JF_WW);
        bi[v] = (intw) 0;
    }
    for (int j = op == ROP_SUM ? 0 : 1; j < n; j++) {
        for (int v = 0; v < nvec; v++) {
            floatw x = WLOAD(xc, j * inner + v * JF_WW);
            if (op == ROP_SUM) {
                best[v] += x;
            } else {
                intw c = op == ROP_MAX ? (x > best[v] | x != x) : op == ROP_MIN ? (x < best[v] | x != x) : x > best[v];
                best[v] = c ? x : best[v];
                bi[v] = c ? (intw) j : bi[v];
            }
        }
    }
    for (int v = 0; v < nvec; v++) WSTORE(op == ROP_ARGMAX ? WTO_FLOAT(bi[v]) : best[v], oc, v * JF_WW);
}

/*
 * CPU devices: item t takes CPU_COLS neighbouring columns of one outer block (a few cache lines per row:
 * fewer strided streams and TLB misses than one line) and walks n without a barrier per row (unlike
 * STRIDE_SYNC). A partial last block goes JF_WW columns at a time, then one column at a time.
 */
DEVICE void reduce_cols_cpu(int op, int outer, int n, int inner, const GLOBAL float* RESTRICT x, GLOBAL float* RESTRICT out) {
    int per = (inner + CPU_COLS - 1) / CPU_COLS, t = GLOBAL_ID(0);
    int o = t / per, i0 = (t - o * per) * CPU_COLS;
    if (o >= outer) return;
    const GLOBAL float* xc = x + o * n * inner + i0;
    GLOBAL float* oc = out + o * inner + i0;
    if (i0 + CPU_COLS <= inner) {
        reduce_col_block(op, n, inner, xc, oc, CPU_COL_VECS);
        return;
    }
    int i = 0;
    for (; i + JF_WW <= inner - i0; i += JF_WW) reduce_col_block(op, n, inner, xc + i, oc + i, 1);
    for (; i < inner - i0; i++) {
        float best = op == ROP_SUM ? 0.0f : xc[i];
        int bi = 0;
        for (int j = op == ROP_SUM ? 0 : 1; j < n; j++) {
            float v = xc[j * inner + i];
            if (op == ROP_SUM) best += v;
            else if (reduce_better(op, v, j, best, bi)) { best = v; bi = j; }
        }
        oc[i] = op == ROP_ARGMAX ? (float) bi : best;
    }
}
#endif

/*
 * inner > 1: one work-item per output (o, i), looping over n; neighbouring items read neighbouring
 * addresses. Launch: 1-D, any local size, groups = ceil(outer*inner / local). CPU devices: one item per
 * CPU_COLS columns of an outer block, groups = ceil(outer * ceil(inner / CPU_COLS) / local).
 * Traffic: reads 4*outer*n*inner bytes, writes 4*outer*inner.
 */
KERNEL void reduce_cols(int op, int outer, int n, int inner, const GLOBAL float* RESTRICT x, int xOff,
                        GLOBAL float* RESTRICT out, int outOff) {
#ifdef JF_CPU_DEVICE
    reduce_cols_cpu(op, outer, n, inner, x + xOff, out + outOff);
#else
    int t = GLOBAL_ID(0);
    int tc = t < outer * inner ? t : outer * inner - 1; /* items past the end repeat the last output (uniform loop) */
    const GLOBAL float* xc = x + xOff + (tc / inner) * n * inner + tc % inner;
    float best = op == ROP_SUM ? 0.0f : xc[0];
    int bi = 0;
    for (int j = op == ROP_SUM ? 0 : 1; j < n; j++) {
        float v = xc[j * inner];
        if (op == ROP_SUM) best += v;
        else if (reduce_better(op, v, j, best, bi)) { best = v; bi = j; }
        STRIDE_SYNC();
    }
    if (t < outer * inner) out[outOff + t] = op == ROP_ARGMAX ? (float) bi : best;
#endif
}
