/*
 * Fused scaled-dot-product attention for short sequences, forward and backward, FlashAttention-style:
 * keys/values (or queries/output gradients) stream through local memory in tiles and the softmax is
 * computed online, so the Tq x Tk score matrix never exists in global memory.
 *
 * Scores: s[i,j] = scale * q_i . k_j + mask[i,j]  (mask: contiguous [Tq,Tk], optional), keys j > i
 * dropped when causal. lse[i] = log sum_j exp(s[i,j]) is saved for the backward pass. A row with no
 * admissible key gives out = 0 and lse = -inf (as the CPU reference).
 *
 * Views: q, k, v, out, gout are [B,H,T,D] with unit stride in D; each comes as pointer, offset and
 * the strides of its B, H and T dimensions. lse, delta, gq, gk, gv are contiguous.
 * Head size: D <= ATT_HEAD_MAX (compile with -DATT_HEAD_MAX=16|32|64|128; default 64). Rows are
 * zero-padded to ATT_HEAD_MAX so the inner loops have a fixed trip count and stay in registers.
 */
#include "portability.h"

/* The head-size bounds the hosts build: every power of two from ATT_HEAD_BOUND_MIN to ATT_HEAD_BOUND_MAX
   (CUDA: one PTX module each, listed in src/main/cuda/ptx-variants; OpenCL: compiled on first use). */
#define ATT_HEAD_BOUND_MIN 16
#define ATT_HEAD_BOUND_MAX 128
#ifndef ATT_HEAD_MAX
#define ATT_HEAD_MAX 64
#endif
#define ATT_BQ 32   /* query rows per group (the local size of the forward and dq kernels) */
#define ATT_BK 32   /* key rows per group/tile (the local size of the dkdv kernel) */

DEVICE float att_dot(const float* a, SHARED_PTR const float* b) {
    float s = 0.0f;
    for (int d = 0; d < ATT_HEAD_MAX; d++) s += a[d] * b[d];
    return s;
}

/* Cooperatively stages rows [r0, r0+rows) of a [T, D] matrix (row stride ts) into tile, zero-padded. */
DEVICE void att_load_tile(SHARED_PTR float* tile, const GLOBAL float* src, int ts, int r0, int rows, int T, int D,
                          int lid, int nthreads) {
    for (int e = lid; e < rows * ATT_HEAD_MAX; e += nthreads) {
        int r = e / ATT_HEAD_MAX, d = e % ATT_HEAD_MAX;
        tile[e] = (r0 + r < T && d < D) ? src[(r0 + r) * ts + d] : 0.0f;
    }
}

/*
 * Launch: 2-D, local (ATT_BQ, 1), groups (ceil(Tq/ATT_BQ), B*H).
 * Traffic: reads 4*B*H*(Tq*D + 2*Tk*D) bytes from DRAM (+ the mask, 4*Tq*Tk, per head); K and V are
 * re-read from cache by each of the ceil(Tq/ATT_BQ) groups of a head. Writes 4*B*H*Tq*(D + 1).
 */
KERNEL void attention_forward(int H, int Tq, int Tk, int D, float scale, int causal,
                              const GLOBAL float* RESTRICT q, int qOff, int qsB, int qsH, int qsT,
                              const GLOBAL float* RESTRICT k, int kOff, int ksB, int ksH, int ksT,
                              const GLOBAL float* RESTRICT v, int vOff, int vsB, int vsH, int vsT,
                              const GLOBAL float* RESTRICT mask, int hasMask,
                              GLOBAL float* RESTRICT out, int oOff, int osB, int osH, int osT,
                              GLOBAL float* RESTRICT lse) {
    SHARED float ks[ATT_BK * ATT_HEAD_MAX];
    SHARED float vs[ATT_BK * ATT_HEAD_MAX];
    int lid = LOCAL_ID(0), bh = GROUP_ID(1), b = bh / H, h = bh - b * H;
    int t = GROUP_ID(0) * ATT_BQ + lid;
    int tt = t < Tq ? t : Tq - 1; /* rows past Tq compute a copy of the last row and store nothing */
    const GLOBAL float* qr = q + qOff + b * qsB + h * qsH + tt * qsT;
    const GLOBAL float* kh = k + kOff + b * ksB + h * ksH;
    const GLOBAL float* vh = v + vOff + b * vsB + h * vsH;

    float qv[ATT_HEAD_MAX], acc[ATT_HEAD_MAX];
    for (int d = 0; d < ATT_HEAD_MAX; d++) {
        qv[d] = d < D ? scale * qr[d] : 0.0f;
        acc[d] = 0.0f;
    }
    float m = -F_INF, l = 0.0f;
    int groupEnd = causal ? GROUP_ID(0) * ATT_BQ + ATT_BQ : Tk;
    if (groupEnd > Tk) groupEnd = Tk;
    int myEnd = causal && tt + 1 < Tk ? tt + 1 : Tk;

    for (int k0 = 0; k0 < groupEnd; k0 += ATT_BK) {
        att_load_tile(ks, kh, ksT, k0, ATT_BK, Tk, D, lid, ATT_BQ);
        att_load_tile(vs, vh, vsT, k0, ATT_BK, Tk, D, lid, ATT_BQ);
        BARRIER();
        float sc[ATT_BK];
        float tmax = -F_INF;
        for (int j = 0; j < ATT_BK; j++) {
            float s = -F_INF;
            if (k0 + j < myEnd) {
                s = att_dot(qv, ks + j * ATT_HEAD_MAX);
                if (hasMask) s += mask[tt * Tk + k0 + j];
            }
            sc[j] = s;
            tmax = s > tmax ? s : tmax;
        }
        if (tmax > -F_INF) {
            float mNew = m > tmax ? m : tmax;
            float corr = EXPF(m - mNew);
            l *= corr;
            for (int d = 0; d < ATT_HEAD_MAX; d++) acc[d] *= corr;
            for (int j = 0; j < ATT_BK; j++) {
                float p = EXPF(sc[j] - mNew);
                l += p;
                for (int d = 0; d < ATT_HEAD_MAX; d++) acc[d] += p * vs[j * ATT_HEAD_MAX + d];
            }
            m = mNew;
        }
        BARRIER();
    }
    if (t < Tq) {
        GLOBAL float* orow = out + oOff + b * osB + h * osH + t * osT;
        float inv = l > 0.0f ? 1.0f / l : 0.0f;
        for (int d = 0; d < ATT_HEAD_MAX; d++) /* fixed bound: acc stays in registers */
            if (d < D) orow[d] = acc[d] * inv;
        lse[bh * Tq + t] = l > 0.0f ? m + LOGF(l) : -F_INF;
    }
}

/*
 * Backward, part 1 (one work-item per query row): delta_i = dO_i . O_i (saved for part 2) and
 *   gq_i = scale * sum_j P_ij (dO_i . v_j - delta_i) k_j,   P_ij = exp(s_ij - lse_i).
 * Launch: 2-D, local (ATT_BQ, 1), groups (ceil(Tq/ATT_BQ), B*H). Must run before attention_backward_dkdv.
 * Traffic: reads 4*B*H*(3*Tq*D + 2*Tk*D + Tq) bytes from DRAM (K, V re-read from cache per group),
 * writes 4*B*H*Tq*(D + 1).
 */
KERNEL void attention_backward_dq(int H, int Tq, int Tk, int D, float scale, int causal,
                                  const GLOBAL float* RESTRICT q, int qOff, int qsB, int qsH, int qsT,
                                  const GLOBAL float* RESTRICT k, int kOff, int ksB, int ksH, int ksT,
                                  const GLOBAL float* RESTRICT v, int vOff, int vsB, int vsH, int vsT,
                                  const GLOBAL float* RESTRICT mask, int hasMask,
                                  const GLOBAL float* RESTRICT out, int oOff, int osB, int osH, int osT,
                                  const GLOBAL float* RESTRICT gout, int gOff, int gsB, int gsH, int gsT,
                                  const GLOBAL float* RESTRICT lse, GLOBAL float* RESTRICT delta,
                                  GLOBAL float* RESTRICT gq) {
    SHARED float ks[ATT_BK * ATT_HEAD_MAX];
    SHARED float vs[ATT_BK * ATT_HEAD_MAX];
    int lid = LOCAL_ID(0), bh = GROUP_ID(1), b = bh / H, h = bh - b * H;
    int t = GROUP_ID(0) * ATT_BQ + lid;
    int tt = t < Tq ? t : Tq - 1;
    const GLOBAL float* qr = q + qOff + b * qsB + h * qsH + tt * qsT;
    const GLOBAL float* orow = out + oOff + b * osB + h * osH + tt * osT;
    const GLOBAL float* grow = gout + gOff + b * gsB + h * gsH + tt * gsT;
    const GLOBAL float* kh = k + kOff + b * ksB + h * ksH;
    const GLOBAL float* vh = v + vOff + b * vsB + h * vsH;

    float qv[ATT_HEAD_MAX], gv[ATT_HEAD_MAX], dq[ATT_HEAD_MAX];
    float di = 0.0f;
    for (int d = 0; d < ATT_HEAD_MAX; d++) {
        qv[d] = d < D ? scale * qr[d] : 0.0f;
        gv[d] = d < D ? grow[d] : 0.0f;
        di += d < D ? gv[d] * orow[d] : 0.0f;
        dq[d] = 0.0f;
    }
    float L = lse[bh * Tq + tt];
    int groupEnd = causal ? GROUP_ID(0) * ATT_BQ + ATT_BQ : Tk;
    if (groupEnd > Tk) groupEnd = Tk;
    int myEnd = causal && tt + 1 < Tk ? tt + 1 : Tk;

    for (int k0 = 0; k0 < groupEnd; k0 += ATT_BK) {
        att_load_tile(ks, kh, ksT, k0, ATT_BK, Tk, D, lid, ATT_BQ);
        att_load_tile(vs, vh, vsT, k0, ATT_BK, Tk, D, lid, ATT_BQ);
        BARRIER();
        if (L > -F_INF) {
            for (int j = 0; j < ATT_BK && k0 + j < myEnd; j++) {
                float s = att_dot(qv, ks + j * ATT_HEAD_MAX);
                if (hasMask) s += mask[tt * Tk + k0 + j];
                float ds = EXPF(s - L) * (att_dot(gv, vs + j * ATT_HEAD_MAX) - di);
                for (int d = 0; d < ATT_HEAD_MAX; d++) dq[d] += ds * ks[j * ATT_HEAD_MAX + d];
            }
        }
        BARRIER();
    }
    if (t < Tq) {
        delta[bh * Tq + t] = di;
        GLOBAL float* gqr = gq + (bh * Tq + t) * D;
        for (int d = 0; d < ATT_HEAD_MAX; d++)
            if (d < D) gqr[d] = scale * dq[d];
    }
}

/*
 * Backward, part 2 (one work-item per key row j), streaming query tiles:
 *   gv_j = sum_i P_ij dO_i,   gk_j = scale * sum_i P_ij (dO_i . v_j - delta_i) q_i.
 * Launch: 2-D, local (ATT_BK, 1), groups (ceil(Tk/ATT_BK), B*H).
 * Traffic: reads 4*B*H*(2*Tk*D + 2*Tq*D + 2*Tq) bytes from DRAM (Q, dO re-read from cache per group),
 * writes 8*B*H*Tk*D.
 */
KERNEL void attention_backward_dkdv(int H, int Tq, int Tk, int D, float scale, int causal,
                                    const GLOBAL float* RESTRICT q, int qOff, int qsB, int qsH, int qsT,
                                    const GLOBAL float* RESTRICT k, int kOff, int ksB, int ksH, int ksT,
                                    const GLOBAL float* RESTRICT v, int vOff, int vsB, int vsH, int vsT,
                                    const GLOBAL float* RESTRICT mask, int hasMask,
                                    const GLOBAL float* RESTRICT gout, int gOff, int gsB, int gsH, int gsT,
                                    const GLOBAL float* RESTRICT lse, const GLOBAL float* RESTRICT delta,
                                    GLOBAL float* RESTRICT gk, GLOBAL float* RESTRICT gv) {
    SHARED float qs[ATT_BQ * ATT_HEAD_MAX];
    SHARED float gs[ATT_BQ * ATT_HEAD_MAX];
    SHARED float ls[ATT_BQ];
    SHARED float ds[ATT_BQ];
    int lid = LOCAL_ID(0), bh = GROUP_ID(1), b = bh / H, h = bh - b * H;
    int j = GROUP_ID(0) * ATT_BK + lid;
    int jj = j < Tk ? j : Tk - 1;
    const GLOBAL float* kr = k + kOff + b * ksB + h * ksH + jj * ksT;
    const GLOBAL float* vr = v + vOff + b * vsB + h * vsH + jj * vsT;
    const GLOBAL float* qh = q + qOff + b * qsB + h * qsH;
    const GLOBAL float* gh = gout + gOff + b * gsB + h * gsH;

    float kv[ATT_HEAD_MAX], vv[ATT_HEAD_MAX], dk[ATT_HEAD_MAX], dv[ATT_HEAD_MAX];
    for (int d = 0; d < ATT_HEAD_MAX; d++) {
        kv[d] = d < D ? scale * kr[d] : 0.0f;
        vv[d] = d < D ? vr[d] : 0.0f;
        dk[d] = 0.0f;
        dv[d] = 0.0f;
    }
    /* Causal: query rows before this group's first key see none of its keys. */
    int qStart = causal ? (GROUP_ID(0) * ATT_BK / ATT_BQ) * ATT_BQ : 0;

    for (int q0 = qStart; q0 < Tq; q0 += ATT_BQ) {
        att_load_tile(qs, qh, qsT, q0, ATT_BQ, Tq, D, lid, ATT_BK);
        att_load_tile(gs, gh, gsT, q0, ATT_BQ, Tq, D, lid, ATT_BK);
        for (int r = lid; r < ATT_BQ; r += ATT_BK) {
            ls[r] = q0 + r < Tq ? lse[bh * Tq + q0 + r] : -F_INF;
            ds[r] = q0 + r < Tq ? delta[bh * Tq + q0 + r] : 0.0f;
        }
        BARRIER();
        for (int i = 0; i < ATT_BQ; i++) {
            int tq = q0 + i;
            if (tq >= Tq || ls[i] == -F_INF || (causal && jj > tq)) continue;
            float s = att_dot(kv, qs + i * ATT_HEAD_MAX);
            if (hasMask) s += mask[tq * Tk + jj];
            float p = EXPF(s - ls[i]);
            float dsij = p * (att_dot(vv, gs + i * ATT_HEAD_MAX) - ds[i]);
            for (int d = 0; d < ATT_HEAD_MAX; d++) {
                dv[d] += p * gs[i * ATT_HEAD_MAX + d];
                dk[d] += dsij * qs[i * ATT_HEAD_MAX + d];
            }
        }
        BARRIER();
    }
    if (j < Tk) {
        GLOBAL float* gkr = gk + (bh * Tk + j) * D;
        GLOBAL float* gvr = gv + (bh * Tk + j) * D;
        for (int d = 0; d < ATT_HEAD_MAX; d++) {
            if (d < D) {
                gkr[d] = scale * dk[d];
                gvr[d] = dv[d];
            }
        }
    }
}
