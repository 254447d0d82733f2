// CUDA-only GEMM kernels: the fallback when cuBLAS (libcublas.so.12) cannot be loaded, and the
// float16 inference path. OpenCL has its own GEMM in src/main/kernels; these use CUDA features
// (templates, WMMA tensor-core fragments) that OpenCL C lacks, hence a separate folder.
//
// All kernels compute, for batch p = blockIdx.z, the row-major product
//     C_p = alpha * op(A_p) * op(B_p) + beta * C_p,   op(A_p) m x k, op(B_p) k x n,
// where A_p = A + p * strideA is stored k x m when transA (likewise B), and C is not read when
// beta == 0 (so NaNs there are overwritten, as the Backend contract requires). The Java side passes
// pointers already advanced to the first element of batch 0.

// src/test/emulation runs these kernels on the host (threads, a barrier, a WMMA stand-in) to check
// their indexing without a GPU; it supplies its own definitions of what the CUDA headers declare.
#ifndef JFSAC_HOST_EMULATION
#include <cuda_fp16.h>
#include <mma.h>
#endif

// Element (r, c) of op(X) for X stored row-major with row stride ld.
__device__ __forceinline__ long op_index(int trans, int r, int c, int ld) {
    return trans ? (long)c * ld + r : (long)r * ld + c;
}

// ------------------------------------------------------------------------------------------------
// float32: shared-memory tiles of BM x BK (A) and BK x BN (B); each of the (BM/TM)*(BN/TN) threads
// accumulates a TM x TN register block. A thread owns rows ty + i*(BM/TM) and columns tx + j*(BN/TN):
// interleaved rather than contiguous, so that a warp reads consecutive shared-memory words (no bank
// conflicts) and writes consecutive columns of C (coalesced).
template <int BM, int BN, int BK, int TM, int TN>
__device__ __forceinline__ void sgemm_tiled(int transA, int transB, int m, int n, int k, float alpha,
                                            const float* __restrict__ A, int lda, int strideA,
                                            const float* __restrict__ B, int ldb, int strideB,
                                            float beta, float* __restrict__ C, int ldc, int strideC) {
    constexpr int TX = BN / TN;          // threads along n
    constexpr int TY = BM / TM;          // threads along m
    constexpr int NT = TX * TY;
    __shared__ float As[BK][BM + 4];     // As[kk][mm] = op(A)[m0 + mm][k0 + kk]; +4 breaks store conflicts
    __shared__ float Bs[BK][BN + 4];     // Bs[kk][nn] = op(B)[k0 + kk][n0 + nn]

    const long p = blockIdx.z;
    A += p * strideA;
    B += p * strideB;
    C += p * strideC;
    const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
    const int tid = threadIdx.x;
    const int tx = tid % TX, ty = tid / TX;

    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++)
#pragma unroll
        for (int j = 0; j < TN; j++) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < k; k0 += BK) {
        // Consecutive threads walk the stored matrix's contiguous axis, so global reads coalesce.
        for (int e = tid; e < BM * BK; e += NT) {
            const int mm = transA ? e % BM : e / BK;
            const int kk = transA ? e / BM : e % BK;
            const int gm = m0 + mm, gk = k0 + kk;
            As[kk][mm] = (gm < m && gk < k) ? A[op_index(transA, gm, gk, lda)] : 0.0f;
        }
        for (int e = tid; e < BK * BN; e += NT) {
            const int nn = transB ? e / BK : e % BN;
            const int kk = transB ? e % BK : e / BN;
            const int gk = k0 + kk, gn = n0 + nn;
            Bs[kk][nn] = (gk < k && gn < n) ? B[op_index(transB, gk, gn, ldb)] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < BK; kk++) {
            float a[TM], b[TN];
#pragma unroll
            for (int i = 0; i < TM; i++) a[i] = As[kk][ty + i * TY];
#pragma unroll
            for (int j = 0; j < TN; j++) b[j] = Bs[kk][tx + j * TX];
#pragma unroll
            for (int i = 0; i < TM; i++)
#pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < TM; i++) {
        const int gm = m0 + ty + i * TY;
        if (gm >= m) continue;
#pragma unroll
        for (int j = 0; j < TN; j++) {
            const int gn = n0 + tx + j * TX;
            if (gn >= n) continue;
            float* c = C + (long)gm * ldc + gn;
            *c = beta == 0.0f ? alpha * acc[i][j] : fmaf(beta, *c, alpha * acc[i][j]);
        }
    }
}

// 128 x 128 tiles, 8 x 8 per thread, 256 threads: for large products.
extern "C" __global__ void __launch_bounds__(256)
cuda_sgemm_128(int transA, int transB, int m, int n, int k, float alpha,
               const float* A, int lda, int strideA, const float* B, int ldb, int strideB,
               float beta, float* C, int ldc, int strideC) {
    sgemm_tiled<128, 128, 8, 8, 8>(transA, transB, m, n, k, alpha, A, lda, strideA, B, ldb, strideB,
                                   beta, C, ldc, strideC);
}

// 64 x 64 tiles, 4 x 4 per thread, 256 threads: four times as many blocks, for products too small
// to fill the device with 128-wide tiles (batch-1 inference).
extern "C" __global__ void __launch_bounds__(256)
cuda_sgemm_64(int transA, int transB, int m, int n, int k, float alpha,
              const float* A, int lda, int strideA, const float* B, int ldb, int strideB,
              float beta, float* C, int ldc, int strideC) {
    sgemm_tiled<64, 64, 16, 4, 4>(transA, transB, m, n, k, alpha, A, lda, strideA, B, ldb, strideB,
                                  beta, C, ldc, strideC);
}

// ------------------------------------------------------------------------------------------------
// float16 operands, float32 accumulation, on tensor cores (WMMA, sm_70+). Reads the float32 operands
// and rounds them to half while staging them in shared memory, so no converted copy is needed.
// 64 x 64 tiles, BK = 32, four warps in a 2 x 2 grid, each warp a 32 x 32 block of 16 x 16 fragments.
// Shared arrays are 128-byte aligned and their leading dimensions multiples of 8 (half) / 4 (float),
// as wmma::load/store_matrix_sync require.
#define HG_BM 64
#define HG_BN 64
#define HG_BK 32
#define HG_LDA (HG_BK + 8)
#define HG_LDB (HG_BN + 8)
#define HG_LDC (HG_BN + 4)

extern "C" __global__ void __launch_bounds__(128)
cuda_hgemm_wmma(int transA, int transB, int m, int n, int k, float alpha,
                const float* __restrict__ A, int lda, int strideA,
                const float* __restrict__ B, int ldb, int strideB,
                float beta, float* __restrict__ C, int ldc, int strideC) {
    using namespace nvcuda;
    __shared__ __align__(128) __half As[HG_BM][HG_LDA];   // op(A) tile, row-major [m][k]
    __shared__ __align__(128) __half Bs[HG_BK][HG_LDB];   // op(B) tile, row-major [k][n]
    __shared__ __align__(128) float Cs[HG_BM][HG_LDC];

    const long p = blockIdx.z;
    A += p * strideA;
    B += p * strideB;
    C += p * strideC;
    const int m0 = blockIdx.y * HG_BM, n0 = blockIdx.x * HG_BN;
    const int tid = threadIdx.x;
    const int warp = tid / 32, wm = warp / 2, wn = warp % 2;

    wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[2][2];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.0f);

    for (int k0 = 0; k0 < k; k0 += HG_BK) {
        for (int e = tid; e < HG_BM * HG_BK; e += 128) {
            const int mm = transA ? e % HG_BM : e / HG_BK;
            const int kk = transA ? e / HG_BM : e % HG_BK;
            const int gm = m0 + mm, gk = k0 + kk;
            As[mm][kk] = __float2half((gm < m && gk < k) ? A[op_index(transA, gm, gk, lda)] : 0.0f);
        }
        for (int e = tid; e < HG_BK * HG_BN; e += 128) {
            const int nn = transB ? e / HG_BK : e % HG_BN;
            const int kk = transB ? e % HG_BK : e / HG_BN;
            const int gk = k0 + kk, gn = n0 + nn;
            Bs[kk][nn] = __float2half((gk < k && gn < n) ? B[op_index(transB, gk, gn, ldb)] : 0.0f);
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < HG_BK; kk += 16) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, __half, wmma::row_major> a[2];
            wmma::fragment<wmma::matrix_b, 16, 16, 16, __half, wmma::row_major> b[2];
#pragma unroll
            for (int i = 0; i < 2; i++) wmma::load_matrix_sync(a[i], &As[wm * 32 + i * 16][kk], HG_LDA);
#pragma unroll
            for (int j = 0; j < 2; j++) wmma::load_matrix_sync(b[j], &Bs[kk][wn * 32 + j * 16], HG_LDB);
#pragma unroll
            for (int i = 0; i < 2; i++)
#pragma unroll
                for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++)
            wmma::store_matrix_sync(&Cs[wm * 32 + i * 16][wn * 32 + j * 16], acc[i][j], HG_LDC,
                                    wmma::mem_row_major);
    __syncthreads();
    for (int e = tid; e < HG_BM * HG_BN; e += 128) {
        const int mm = e / HG_BN, nn = e % HG_BN;
        const int gm = m0 + mm, gn = n0 + nn;
        if (gm < m && gn < n) {
            float* c = C + (long)gm * ldc + gn;
            *c = beta == 0.0f ? alpha * Cs[mm][nn] : fmaf(beta, *c, alpha * Cs[mm][nn]);
        }
    }
}

// y[i] = half(x[i]): operands for cublasGemmEx when cuBLAS runs the float16 path.
extern "C" __global__ void cuda_f32_to_f16(const float* __restrict__ x, __half* __restrict__ y, int n) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = __float2half(x[i]);
}
