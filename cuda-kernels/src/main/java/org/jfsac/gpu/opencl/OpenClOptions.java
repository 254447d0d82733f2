package org.jfsac.gpu.opencl;

import java.util.Locale;

/**
 * Settings of one OpenCL backend (the counterpart of {@code CudaOptions}).
 *
 * @param launch which kernel forms and launch geometry to use
 * @param gemm   which GEMM implementation to use
 */
public record OpenClOptions(LaunchStyle launch, GemmChoice gemm) {

    /**
     * {@code CPU}: the forms for CPU implementations such as PoCL (one item per row, explicit SIMD, per-op programs);
     * {@code GPU}: one work-group per row, the forms real GPUs (and the CUDA path, from the same sources) run;
     * {@code AUTO}: CPU forms on CPU devices, GPU forms otherwise. Forcing one tests either set on any device.
     */
    public enum LaunchStyle { AUTO, CPU, GPU }

    /** {@code AUTO}: CLBlast when org.jocl:jocl-blast loads, else our gemm_tiled kernel ({@code KERNEL}). */
    public enum GemmChoice { AUTO, CLBLAST, KERNEL }

    public static final OpenClOptions DEFAULT = new OpenClOptions(LaunchStyle.AUTO, GemmChoice.AUTO);

    /** Reads {@code jfsac.opencl.launch} (or $JFSAC_OPENCL_LAUNCH; auto|cpu|gpu) and {@code jfsac.opencl.gemm} (auto|clblast|kernel). */
    public static OpenClOptions fromSystemProperties() {
        String launch = System.getProperty("jfsac.opencl.launch", System.getenv().getOrDefault("JFSAC_OPENCL_LAUNCH", "auto"));
        String gemm = System.getProperty("jfsac.opencl.gemm", "auto");
        return new OpenClOptions(parse(LaunchStyle.class, launch, "-Djfsac.opencl.launch", "auto, cpu or gpu"),
                parse(GemmChoice.class, gemm, "-Djfsac.opencl.gemm", "auto, clblast or kernel"));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String name, String expected) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "=" + value + ": expected " + expected);
        }
    }

    public OpenClOptions withLaunch(LaunchStyle l) { return new OpenClOptions(l, gemm); }

    public OpenClOptions withGemm(GemmChoice g) { return new OpenClOptions(launch, g); }
}
