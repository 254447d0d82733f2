// Runs the GEMM kernels of src/main/cuda/gemm_cuda.cu on the host (cuda_host_emulation.h) against a
// double-precision reference, over transposes, padded leading dimensions, batches with a shared
// (stride 0) operand, alpha/beta and beta = 0 over NaN. Prints one line per case and exits non-zero
// on any failure. Bounds, per element, relative to S = |alpha| sum |a||b| + |beta||c|:
// float32 kernels 1e-5 * S (summation order only); WMMA float16 2e-3 * S (operands rounded to half:
// 2 * 2^-11 per product, plus float32 accumulation). Built and run by GemmKernelEmulationTest.
#include "cuda_host_emulation.h"
#include "../../main/cuda/gemm_cuda.cu"

#include <cstdio>
#include <random>

typedef void (*Gemm)(int, int, int, int, int, float, const float*, int, int, const float*, int, int, float, float*, int, int);

struct Case { int ta, tb, m, n, k, batch, shareA; float alpha, beta; };

int main() {
    const Case cases[] = {
        {0, 0, 1, 1, 1, 1, 0, 1, 0},          {0, 0, 17, 33, 65, 1, 0, 1, 0},     {1, 0, 64, 64, 64, 1, 0, .5f, 1.5f},
        {0, 1, 130, 200, 70, 1, 0, 1, 0},     {1, 1, 45, 130, 129, 3, 0, -2, .25f}, {0, 1, 50, 50, 64, 3, 1, .125f, 0},
        {0, 0, 150, 64, 150, 2, 0, 1, 1},
    };
    struct K { const char* name; Gemm fn; int tile, threads; double tol; };
    const K kernels[] = {{"cuda_sgemm_128", cuda_sgemm_128, 128, 256, 1e-5}, {"cuda_sgemm_64", cuda_sgemm_64, 64, 256, 1e-5},
                         {"cuda_hgemm_wmma", cuda_hgemm_wmma, 64, 128, 2e-3}};
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> U(-1, 1);
    int failures = 0;
    for (const K& kn : kernels) {
        for (const Case& c : cases) {
            int aR = c.ta ? c.k : c.m, aC = c.ta ? c.m : c.k, bR = c.tb ? c.n : c.k, bC = c.tb ? c.k : c.n;
            int lda = aC + 3, ldb = bC + 2, ldc = c.n + 1;
            int sA = c.shareA ? 0 : aR * lda, sB = bR * ldb, sC = c.m * ldc;
            std::vector<float> A(c.batch * aR * lda), B(c.batch * sB), C0(c.batch * sC);
            for (float& v : A) v = U(rng);
            for (float& v : B) v = U(rng);
            for (float& v : C0) v = c.beta == 0 ? NAN : U(rng);
            std::vector<float> C = C0;
            emu_launch(dim3{(unsigned) ((c.n + kn.tile - 1) / kn.tile), (unsigned) ((c.m + kn.tile - 1) / kn.tile), (unsigned) c.batch},
                       kn.threads, [&] {
                           kn.fn(c.ta, c.tb, c.m, c.n, c.k, c.alpha, A.data(), lda, sA, B.data(), ldb, sB, c.beta,
                                 C.data(), ldc, sC);
                       });
            double worst = 0;
            bool ok = true;
            std::vector<bool> inside(C.size());
            for (int p = 0; p < c.batch; p++)
                for (int i = 0; i < c.m; i++)
                    for (int j = 0; j < c.n; j++) {
                        double s = 0, scale = 0;
                        for (int l = 0; l < c.k; l++) {
                            double x = c.ta ? A[p * sA + l * lda + i] : A[p * sA + i * lda + l];
                            double y = c.tb ? B[p * sB + j * ldb + l] : B[p * sB + l * ldb + j];
                            s += x * y;
                            scale += std::fabs(x * y);
                        }
                        int ci = p * sC + i * ldc + j;
                        inside[ci] = true;
                        double ref = c.alpha * s + (c.beta == 0 ? 0 : c.beta * C0[ci]);
                        scale = std::fabs(c.alpha) * scale + (c.beta == 0 ? 0 : std::fabs(c.beta * C0[ci]));
                        double err = std::fabs(C[ci] - ref);
                        if (!(err <= kn.tol * scale + 1e-30)) ok = false;
                        if (scale > 0) worst = std::max(worst, err / scale);
                    }
            for (size_t i = 0; i < C.size(); i++)  // padding untouched (NaN stays NaN)
                if (!inside[i] && !(C[i] == C0[i] || (std::isnan(C[i]) && std::isnan(C0[i])))) ok = false;
            std::printf("%-16s ta=%d tb=%d m=%3d n=%3d k=%3d batch=%d shareA=%d: max error/scale %.2e %s\n", kn.name,
                        c.ta, c.tb, c.m, c.n, c.k, c.batch, c.shareA, worst, ok ? "ok" : "FAILED");
            if (!ok) failures++;
        }
    }
    // The float16 conversion kernel.
    std::vector<float> x = {0.f, 1.f, -2.5f, 65504.f, 1e-8f, 3.14159f};
    std::vector<__half> h(x.size());
    emu_launch(dim3{1, 1, 1}, 32, [&] { cuda_f32_to_f16(x.data(), h.data(), (int) x.size()); });
    for (size_t i = 0; i < x.size(); i++)
        if ((float) h[i] != (float) (_Float16) x[i]) failures++;
    std::printf("%s\n", failures ? "FAILED" : "all ok");
    return failures ? 1 : 0;
}
