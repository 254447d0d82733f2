/*
 * Embedding rows: gather (forward) and scatter-add (backward). Index arrays are ints on the device.
 * The host validates every index before launching (the kernels do not bounds-check).
 */
#include "portability.h"

/*
 * out[r, c] = table[idx[r], c] for r < nrows, c < cols.
 * Launch: 1-D, any local size, any number of groups (FOR_EACH_ITEM over nrows*cols). CPU devices: one
 * item per output row (groups = ceil(nrows / local)), copied in explicit SIMD: no division per element.
 * Traffic: reads 4*nrows*cols + 4*nrows bytes, writes 4*nrows*cols.
 */
KERNEL void gather_rows(int nrows, int cols, const GLOBAL float* RESTRICT table, int tableOff,
                        const GLOBAL int* RESTRICT idx, int idxOff, GLOBAL float* RESTRICT out, int outOff) {
#ifdef JF_CPU_DEVICE
    int r = GLOBAL_ID(0);
    if (r >= nrows) return;
    const GLOBAL float* s = table + tableOff + idx[idxOff + r] * cols;
    GLOBAL float* d = out + outOff + r * cols;
    int nv = cols - cols % JF_VW, c;
    for (c = 0; c < nv; c += JF_VW) VSTORE(VLOAD(s, c), d, c);
    for (; c < cols; c++) d[c] = s[c];
#else
    FOR_EACH_ITEM(i, nrows * cols) {
        int r = i / cols, c = i - r * cols;
        out[outOff + i] = table[tableOff + idx[idxOff + r] * cols + c];
    }
#endif
}

/*
 * table[target[s], c] += sum over grad rows src[start[s]] .. src[start[s+1]-1] of grad[row, c].
 * The host groups the source rows by target row (a stable sort of idx), so each output element has
 * exactly one writer: no atomics, and duplicates add up in source order (deterministic).
 * Launch: 1-D, any local size, any number of groups (FOR_EACH_ITEM over nseg*cols). CPU devices: one item
 * per segment (groups = ceil(nseg / local)), its row updated JF_VW columns at a time, adding in the same order.
 * Traffic: reads 4*nrows*cols (grad) + 4*nseg*cols (table) bytes, writes 4*nseg*cols.
 */
KERNEL void scatter_add_rows(int nseg, int cols, const GLOBAL float* RESTRICT grad, int gradOff,
                             const GLOBAL int* RESTRICT src, int srcOff, const GLOBAL int* RESTRICT start, int startOff,
                             const GLOBAL int* RESTRICT target, int targetOff, GLOBAL float* RESTRICT table, int tableOff) {
#ifdef JF_CPU_DEVICE
    int s = GLOBAL_ID(0);
    if (s >= nseg) return;
    int p0 = start[startOff + s], p1 = start[startOff + s + 1];
    GLOBAL float* t = table + tableOff + target[targetOff + s] * cols;
    int nv = cols - cols % JF_VW, c;
    for (c = 0; c < nv; c += JF_VW) {
        floatv acc = VLOAD(t, c);
        for (int p = p0; p < p1; p++) acc += VLOAD(grad + gradOff + src[srcOff + p] * cols, c);
        VSTORE(acc, t, c);
    }
    for (; c < cols; c++) {
        float acc = t[c];
        for (int p = p0; p < p1; p++) acc += grad[gradOff + src[srcOff + p] * cols + c];
        t[c] = acc;
    }
#else
    FOR_EACH_ITEM(i, nseg * cols) {
        int s = i / cols, c = i - s * cols;
        int p0 = start[startOff + s], p1 = start[startOff + s + 1];
        GLOBAL float* t = table + tableOff + target[targetOff + s] * cols + c;
        float acc = *t;
        for (int p = p0; p < p1; p++) acc += grad[gradOff + src[srcOff + p] * cols + c];
        *t = acc;
    }
#endif
}
