package org.jfsac.core.cpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Picks the SGEMM the CPU backend runs. {@code -Djfsac.blas=} {@code auto} (default): the system BLAS through
 * netlib's JNI when it loads, else the OpenBLAS bundled in {@code org.bytedeco:openblas} when that is on the
 * class path, else netlib's pure-Java code; {@code netlib}, {@code bytedeco} or {@code java} force one (a forced
 * BLAS that does not load is an error, not a silent slow fallback). {@code vector}: jfsac's own
 * {@link FixedOrderSgemm}, whose results do not depend on the batch (Vector-API kernel, or its scalar twin with the
 * same bits when the JVM lacks {@code jdk.incubator.vector}).
 */
final class BlasSelection {
    static final String PROPERTY = "jfsac.blas";

    private BlasSelection() {}

    /** The choice for this JVM, from the system property. */
    static Sgemm fromProperty() { return select(System.getProperty(PROPERTY, "auto")); }

    static Sgemm select(String requested) {
        String r = requested.trim().toLowerCase(Locale.ROOT);
        switch (r) {
            case "netlib": {
                NetlibSgemm s = new NetlibSgemm(BLAS.getInstance());
                if (!s.isNative()) throw new IllegalStateException("-D" + PROPERTY + "=netlib: the system BLAS (libblas.so.3) did not load");
                return s;
            }
            case "bytedeco": {
                Sgemm s = bundled();
                if (s == null) throw new IllegalStateException("-D" + PROPERTY + "=bytedeco: org.bytedeco:openblas with this platform's natives is not on the class path");
                return s;
            }
            case "java": return new NetlibSgemm(JavaBLAS.getInstance());
            case "vector": return FixedOrderSgemm.forThisJvm();
            case "auto": return auto(new NetlibSgemm(BLAS.getInstance()), BlasSelection::bundled);
            default: throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested + ": expected auto, vector, netlib, bytedeco or java");
        }
    }

    /** The system BLAS when native, else the bundled one when it loads (null from the supplier), else the system's Java code. */
    static Sgemm auto(Sgemm system, Supplier<Sgemm> bundled) {
        if (system.isNative()) return system;
        Sgemm s = bundled.get();
        return s != null ? s : system;
    }

    /** The bundled OpenBLAS, or null when its classes or natives are missing. */
    private static Sgemm bundled() {
        try {
            return new BundledSgemm();
        } catch (LinkageError | RuntimeException e) {
            // NoClassDefFoundError (not on the class path), UnsatisfiedLinkError (no natives for this platform)
            return null;
        }
    }
}
