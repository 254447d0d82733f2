package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BackendProvider;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.cpu.CpuBackend;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shared test plumbing: the OpenCL backend (or a skip, or a failure when {@code JFSAC_REQUIRE_OPENCL=1}),
 * fresh random seeds, paired buffers on the CPU reference and the device, and tolerance checks.
 */
final class OpenClTestSupport {
    private static OpenClBackend backend;
    private static String unavailable;

    private OpenClTestSupport() {}

    /** True when CI demands OpenCL: system property or environment variable JFSAC_REQUIRE_OPENCL=1/true. */
    static boolean required() {
        String v = System.getProperty("JFSAC_REQUIRE_OPENCL");
        if (v == null) v = System.getenv("JFSAC_REQUIRE_OPENCL");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** The first OpenCL device; skips the test (fails it when required) when there is none. */
    static synchronized OpenClBackend backend() {
        if (backend == null && unavailable == null) {
            OpenClProvider p = new OpenClProvider();
            List<BackendProvider.DeviceInfo> devs = p.probe();
            if (devs.isEmpty()) {
                unavailable = p.unavailableReason();
            } else {
                backend = (OpenClBackend) p.open(0);
                System.out.println("[opencl-tests] device: " + backend.describe());
            }
        }
        if (backend == null) {
            String msg = "no OpenCL device: " + unavailable;
            if (required()) fail(msg + " (JFSAC_REQUIRE_OPENCL is set, so this is a failure, not a skip)");
            System.out.println("[opencl-tests] SKIPPED: " + msg + " (set JFSAC_REQUIRE_OPENCL=1 to fail instead)");
            assumeTrue(false, msg);
        }
        return backend;
    }

    /** A generator with a fresh seed (or -Djfsac.test.seed), printed so that a failure can be replayed. */
    static Random rng(String test) {
        String fixed = System.getProperty("jfsac.test.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        System.out.println("[opencl-tests] " + test + " seed=" + seed + " (replay with -Djfsac.test.seed=" + seed + ")");
        return new Random(seed);
    }

    static float[] uniform(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
        return a;
    }

    /** One logical tensor held twice: on the CPU reference and on the OpenCL device. */
    record Pair(Buffer ref, Buffer dev) {
        Buffer on(Backend b) { return b instanceof CpuBackend ? ref : dev; }

        float[] refData() { return read(ref); }

        float[] devData() { return read(dev); }

        private static float[] read(Buffer b) {
            float[] out = new float[b.size()];
            b.backend().download(b, 0, out, 0, out.length);
            return out;
        }
    }

    static Pair pair(float[] host) {
        Buffer r = CpuBackend.get().allocate(host.length), d = backend().allocate(host.length);
        CpuBackend.get().upload(host, 0, r, 0, host.length);
        backend().upload(host, 0, d, 0, host.length);
        return new Pair(r, d);
    }

    /** A pair filled with NaN, so that elements an op should write but does not are caught. */
    static Pair nanPair(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return pair(a);
    }

    /** Runs the same op on the reference and on the device. */
    static void both(Consumer<Backend> op) {
        op.accept(CpuBackend.get());
        op.accept(backend());
    }

    /**
     * Asserts |got - ref| <= rel * (|ref| + scale) element by element, with scale = rms(ref) * floorFraction:
     * relative error, except that entries that cancel to near zero are judged on the array's own scale
     * (float and the double-accumulating reference legitimately differ there by more than 1 ulp of the
     * tiny result). NaN must meet NaN, infinities must match exactly.
     */
    static void assertClose(String what, float[] got, float[] ref, double rel, double floorFraction) {
        if (got.length != ref.length) fail(what + ": length " + got.length + " != " + ref.length);
        double ss = 0;
        int finite = 0;
        for (float v : ref) if (Float.isFinite(v)) { ss += (double) v * v; finite++; }
        double scale = finite == 0 ? 0 : Math.sqrt(ss / finite) * floorFraction;
        for (int i = 0; i < got.length; i++) {
            float g = got[i], r = ref[i];
            if (Float.isNaN(r) || Float.isInfinite(r)) {
                if (Float.compare(g, r) != 0 && !(Float.isNaN(g) && Float.isNaN(r)))
                    fail(what + ": element " + i + " is " + g + ", reference " + r);
                continue;
            }
            double err = Math.abs((double) g - r), tol = rel * (Math.abs(r) + scale);
            if (!(err <= tol)) fail(what + ": element " + i + " is " + g + ", reference " + r + " (error " + err + " > " + tol + ")");
        }
    }

    /**
     * Elementwise ops: 1e-5 relative (float32 math functions are within a few ulp); the floor, 1e-6 of the
     * rms, covers results that are differences of O(rms) float terms (e.g. GELU' near its root).
     */
    static void assertElementwise(String what, Pair p) { assertClose(what, p.devData(), p.refData(), 1e-5, 0.1); }

    /** Reductions, normalisations, GEMM, attention: 1e-4 relative (summation order differs), floor at the rms. */
    static void assertAccumulated(String what, Pair p) { assertClose(what, p.devData(), p.refData(), 1e-4, 1.0); }
}
