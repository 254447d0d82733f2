package org.jfsac.gpu.cuda;

import java.util.Locale;

/**
 * Settings of one CUDA backend.
 *
 * @param gemm       which GEMM implementation to use
 * @param tf32       let cuBLAS use TF32 tensor cores for float32 GEMM (about 10 bits of mantissa per
 *                   operand; off by default because the Backend contract asks for float32 accuracy)
 * @param half       inference option: GEMM operands (weights and activations) rounded to float16,
 *                   products accumulated in float32 (tensor cores); relative error about 1e-3
 * @param syncLaunch synchronise after every kernel launch, so that a fault inside a kernel is reported
 *                   by the launch that caused it rather than by a later call (debugging; slow)
 */
public record CudaOptions(GemmChoice gemm, boolean tf32, boolean half, boolean syncLaunch) {

    /** {@code AUTO}: cuBLAS when {@code libcublas.so.12} loads, else our tiled kernels. */
    public enum GemmChoice { AUTO, CUBLAS, TILED }

    public static final CudaOptions DEFAULT = new CudaOptions(GemmChoice.AUTO, false, false, false);

    /**
     * Reads {@code jfsac.cuda.gemm} (auto|cublas|tiled), {@code jfsac.cuda.tf32}, {@code jfsac.cuda.fp16}
     * and {@code jfsac.cuda.syncLaunch} (booleans).
     */
    public static CudaOptions fromSystemProperties() {
        String g = System.getProperty("jfsac.cuda.gemm", "auto").trim().toUpperCase(Locale.ROOT);
        GemmChoice choice;
        try {
            choice = GemmChoice.valueOf(g);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jfsac.cuda.gemm must be auto, cublas or tiled, not '"
                    + System.getProperty("jfsac.cuda.gemm") + "'");
        }
        return new CudaOptions(choice, Boolean.getBoolean("jfsac.cuda.tf32"),
                Boolean.getBoolean("jfsac.cuda.fp16"), Boolean.getBoolean("jfsac.cuda.syncLaunch"));
    }

    public CudaOptions withGemm(GemmChoice g) { return new CudaOptions(g, tf32, half, syncLaunch); }

    public CudaOptions withTf32(boolean on) { return new CudaOptions(gemm, on, half, syncLaunch); }

    public CudaOptions withHalf(boolean on) { return new CudaOptions(gemm, tf32, on, syncLaunch); }

    public CudaOptions withSyncLaunch(boolean on) { return new CudaOptions(gemm, tf32, half, on); }
}
