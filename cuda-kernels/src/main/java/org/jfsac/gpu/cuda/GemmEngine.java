package org.jfsac.gpu.cuda;

/** One implementation of the backend's GEMM: cuBLAS or our tiled kernels. */
interface GemmEngine {
    /** Enqueues the product on the backend's stream. Arguments are already validated, sizes non-zero. */
    void run(GemmArgs g);

    /** For {@link CudaBackend#describe()} and the startup report. */
    String describe();
}
