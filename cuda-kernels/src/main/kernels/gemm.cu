/*
 * jfsac: opencl-only (the OpenCL backend's gemm_tiled; CUDA runs src/main/cuda/gemm_cuda.cu or cuBLAS, so
 * build-ptx.sh makes no PTX of this file).
 *
 * Strided batched row-major GEMM: C_p = alpha * op(A_p) * op(B_p) + beta * C_p for p < batch,
 * op(A) m x k, op(B) k x n. A_p starts at aOff + p*strideA (stride 0 repeats the operand); lda is the
 * row stride of A as stored (k x m when transA). Same for B and C. beta == 0: C is not read.
 *
 * Tiling: each group computes a GEMM_TS x GEMM_TS tile of C, walking k in slices of GEMM_TK that are
 * staged in local memory; each work-item keeps a GEMM_WPT x GEMM_WPT block of C in registers and
 * reads its rows/columns of the slice with stride GEMM_RT (no bank conflicts, coalesced C writes).
 * Launch: 3-D, local (GEMM_RT, GEMM_RT, 1), groups (ceil(n/GEMM_TS), ceil(m/GEMM_TS), batch).
 * Traffic per batch entry: reads 4*(m*k*ceil(n/TS) + k*n*ceil(m/TS)) bytes (DRAM floor 4*(m*k + k*n)),
 * reads 4*m*n more when beta != 0, writes 4*m*n. Compute-bound for the transformer's shapes.
 */
#include "portability.h"

#define GEMM_TS 64
#define GEMM_TK 16
#define GEMM_RT 16
#define GEMM_WPT (GEMM_TS / GEMM_RT)

KERNEL void gemm_tiled(int transA, int transB, int M, int N, int K, float alpha,
                       const GLOBAL float* RESTRICT A, int aOff, int lda, int strideA,
                       const GLOBAL float* RESTRICT B, int bOff, int ldb, int strideB,
                       float beta, GLOBAL float* RESTRICT C, int cOff, int ldc, int strideC) {
    /* +1 column of padding: the transposing stores below then hit distinct banks. */
    SHARED float As[GEMM_TK][GEMM_TS + 1];
    SHARED float Bs[GEMM_TK][GEMM_TS + 1];
    int tx = LOCAL_ID(0), ty = LOCAL_ID(1), tid = ty * GEMM_RT + tx;
    int n0 = GROUP_ID(0) * GEMM_TS, m0 = GROUP_ID(1) * GEMM_TS, p = GROUP_ID(2);
    A += aOff + p * strideA;
    B += bOff + p * strideB;
    C += cOff + p * strideC;

    float acc[GEMM_WPT][GEMM_WPT];
    for (int i = 0; i < GEMM_WPT; i++)
        for (int j = 0; j < GEMM_WPT; j++) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += GEMM_TK) {
        /* Consecutive work-items load consecutive addresses of whichever layout A and B have. */
        for (int e = tid; e < GEMM_TS * GEMM_TK; e += GEMM_RT * GEMM_RT) {
            int mm = transA ? e % GEMM_TS : e / GEMM_TK;
            int ka = transA ? e / GEMM_TS : e % GEMM_TK;
            int gm = m0 + mm, gka = k0 + ka;
            As[ka][mm] = (gm < M && gka < K) ? (transA ? A[gka * lda + gm] : A[gm * lda + gka]) : 0.0f;
            int nn = transB ? e / GEMM_TK : e % GEMM_TS;
            int kb = transB ? e % GEMM_TK : e / GEMM_TS;
            int gn = n0 + nn, gkb = k0 + kb;
            Bs[kb][nn] = (gn < N && gkb < K) ? (transB ? B[gn * ldb + gkb] : B[gkb * ldb + gn]) : 0.0f;
        }
        BARRIER();
        for (int kk = 0; kk < GEMM_TK; kk++) {
            float a[GEMM_WPT], b[GEMM_WPT];
            for (int i = 0; i < GEMM_WPT; i++) a[i] = As[kk][ty + i * GEMM_RT];
            for (int j = 0; j < GEMM_WPT; j++) b[j] = Bs[kk][tx + j * GEMM_RT];
            for (int i = 0; i < GEMM_WPT; i++)
                for (int j = 0; j < GEMM_WPT; j++) acc[i][j] += a[i] * b[j];
        }
        BARRIER();
    }

    for (int i = 0; i < GEMM_WPT; i++) {
        int row = m0 + ty + i * GEMM_RT;
        if (row >= M) continue;
        for (int j = 0; j < GEMM_WPT; j++) {
            int col = n0 + tx + j * GEMM_RT;
            if (col >= N) continue;
            float r = alpha * acc[i][j];
            if (beta != 0.0f) r += beta * C[row * ldc + col];
            C[row * ldc + col] = r;
        }
    }
}
