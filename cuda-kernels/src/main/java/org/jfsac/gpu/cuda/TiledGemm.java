package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.BackendException;

/**
 * GEMM by our own kernels (gemm_cuda.cu): shared-memory tiles with register blocking in float32, or
 * WMMA tensor-core fragments with float16 operands and float32 accumulation. Used where cuBLAS
 * ({@code libcublas.so.12}) does not load, such as machines with only CUDA 13 libraries.
 */
final class TiledGemm implements GemmEngine {

    static final Kernel SGEMM_128 = Kernel.of("gemm_cuda", "cuda_sgemm_128", "iiiiif" + "pii" + "pii" + "f" + "pii");
    static final Kernel SGEMM_64 = Kernel.of("gemm_cuda", "cuda_sgemm_64", "iiiiif" + "pii" + "pii" + "f" + "pii");
    static final Kernel HGEMM_WMMA = Kernel.of("gemm_cuda", "cuda_hgemm_wmma", "iiiiif" + "pii" + "pii" + "f" + "pii");

    private static final int MAX_GRID_Z = 65535;
    private static final int MAX_GRID_Y = 65535;

    private final KernelLauncher launcher;
    private final int multiprocessors;
    private final boolean half;

    TiledGemm(KernelLauncher launcher, int multiprocessors, boolean half) {
        this.launcher = launcher;
        this.multiprocessors = multiprocessors;
        this.half = half;
    }

    @Override
    public String describe() {
        return half ? "own WMMA kernel, float16 operands, float32 accumulation" : "own tiled SGEMM kernel (float32)";
    }

    @Override
    public void run(GemmArgs g) {
        Kernel kernel;
        int tile, threads;
        if (half) {
            kernel = HGEMM_WMMA;
            tile = 64;
            threads = 128;
        } else if (tiles(g, 128) >= 2L * multiprocessors) {
            kernel = SGEMM_128;
            tile = 128;
            threads = 256;
        } else {
            // Too few 128-wide tiles to occupy every multiprocessor twice: smaller tiles, more blocks.
            kernel = SGEMM_64;
            tile = 64;
            threads = 256;
        }
        int gx = ceilDiv(g.n(), tile), gy = ceilDiv(g.m(), tile);
        if (gy > MAX_GRID_Y) throw new BackendException("gemm with m=" + g.m() + " exceeds the launch grid");
        for (int b0 = 0; b0 < g.batch(); b0 += MAX_GRID_Z) {
            int nb = Math.min(MAX_GRID_Z, g.batch() - b0);
            launcher.launch(kernel, new KernelLauncher.Shape(gx, gy, nb, threads, 1, 1, 0), g.toString(),
                    g.transA() ? 1 : 0, g.transB() ? 1 : 0, g.m(), g.n(), g.k(), g.alpha(),
                    g.a().at(g.aOff() + b0 * g.strideA()), g.lda(), g.strideA(),
                    g.b().at(g.bOff() + b0 * g.strideB()), g.ldb(), g.strideB(),
                    g.beta(), g.c().at(g.cOff() + b0 * g.strideC()), g.ldc(), g.strideC());
        }
    }

    private static long tiles(GemmArgs g, int tile) {
        return (long) ceilDiv(g.m(), tile) * ceilDiv(g.n(), tile) * g.batch();
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }
}
