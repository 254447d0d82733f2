package org.jfsac.core.cpu;

/**
 * Whether the CPU kernels may use {@link CpuVector}. Kept apart from {@code CpuVector} on purpose: this class
 * names no {@code jdk.incubator.vector} type, so loading it (and reading {@link #AVAILABLE}) works in a JVM
 * started without {@code --add-modules jdk.incubator.vector}; {@code CpuVector} itself is only loaded when
 * this says yes. Logs one line naming the path that runs
 * (logger {@code org.jfsac.core.cpu}; INFO for the scalar path, DEBUG for the SIMD one).
 */
final class VectorSupport {
    private VectorSupport() {}

    /** True when the Vector API module is in the boot layer and {@code -Djfsac.vector=false} is not set. */
    static final boolean AVAILABLE;
    /** One line: which path the exp-heavy loops take and why. */
    static final String DESCRIPTION;

    static {
        boolean wanted = Boolean.parseBoolean(System.getProperty("jfsac.vector", "true"));
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        AVAILABLE = wanted && present;
        DESCRIPTION = AVAILABLE ? "SIMD (jdk.incubator.vector)"
                : !wanted ? "scalar (-Djfsac.vector=false)"
                : "scalar (start the JVM with --add-modules jdk.incubator.vector for the SIMD path)";
        // The scalar path is a performance note worth showing by default (INFO); the SIMD path is the expected one.
        System.getLogger(VectorSupport.class.getPackageName()).log(
                AVAILABLE ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                "jfsac CPU exp/GELU/softmax loops: " + DESCRIPTION);
    }
}
