// Just enough of CUDA to run the kernels of src/main/cuda on the host, for checking their indexing and
// arithmetic without a GPU (GemmKernelEmulationTest). One block runs at a time, one std::thread per CUDA
// thread; __shared__ arrays become statics (shared by the block's threads); __syncthreads is a barrier.
// WMMA: each thread holds a whole 16x16 fragment and computes the warp's product redundantly, which
// gives the same values as the collective operation. __half is _Float16 (round to nearest even).
#ifndef JFSAC_CUDA_HOST_EMULATION_H
#define JFSAC_CUDA_HOST_EMULATION_H
#define JFSAC_HOST_EMULATION 1

#include <barrier>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

struct dim3 { unsigned x = 1, y = 1, z = 1; };
inline thread_local dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;
inline std::barrier<>* emu_barrier;

#define __global__
#define __device__
#define __forceinline__ inline
#define __restrict__
#define __launch_bounds__(x)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
#define __syncthreads() emu_barrier->arrive_and_wait()

typedef _Float16 __half;
inline __half __float2half(float x) { return (__half) x; }

namespace nvcuda { namespace wmma {
struct row_major {};
struct matrix_a {};
struct matrix_b {};
struct accumulator {};
enum layout_t { mem_row_major };

template <class Use, int M, int N, int K, class T, class Layout = void>
struct fragment { float x[M * N]; };

template <class Use, int M, int N, int K, class T, class L>
void fill_fragment(fragment<Use, M, N, K, T, L>& f, float v) {
    for (float& e : f.x) e = v;
}

template <class Use, int M, int N, int K, class L>
void load_matrix_sync(fragment<Use, M, N, K, __half, L>& f, const __half* p, unsigned ldm) {
    constexpr int R = std::is_same_v<Use, matrix_b> ? K : M, C = std::is_same_v<Use, matrix_a> ? K : N;
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++) f.x[r * C + c] = (float) p[r * ldm + c];
}

template <int M, int N, int K>
void mma_sync(fragment<accumulator, M, N, K, float>& d, const fragment<matrix_a, M, N, K, __half, row_major>& a,
              const fragment<matrix_b, M, N, K, __half, row_major>& b, const fragment<accumulator, M, N, K, float>& c) {
    float out[M * N];
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = c.x[i * N + j];
            for (int l = 0; l < K; l++) s += a.x[i * K + l] * b.x[l * N + j];
            out[i * N + j] = s;
        }
    for (int i = 0; i < M * N; i++) d.x[i] = out[i];
}

template <int M, int N, int K>
void store_matrix_sync(float* p, const fragment<accumulator, M, N, K, float>& f, unsigned ldm, layout_t) {
    for (int r = 0; r < M; r++)
        for (int c = 0; c < N; c++) p[r * ldm + c] = f.x[r * N + c];
}
}}  // namespace nvcuda::wmma

/** Runs a kernel over a grid, block by block. */
inline void emu_launch(dim3 grid, unsigned threads, const std::function<void()>& kernel) {
    gridDim = grid;
    blockDim = dim3{threads, 1, 1};
    for (unsigned z = 0; z < grid.z; z++)
        for (unsigned y = 0; y < grid.y; y++)
            for (unsigned x = 0; x < grid.x; x++) {
                std::barrier<> bar(threads);
                emu_barrier = &bar;
                std::vector<std::thread> ts;
                for (unsigned t = 0; t < threads; t++)
                    ts.emplace_back([&, t] {
                        threadIdx = dim3{t, 0, 0};
                        blockIdx = dim3{x, y, z};
                        kernel();
                    });
                for (auto& th : ts) th.join();
            }
}
#endif
