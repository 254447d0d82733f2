package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.cpu.CpuBackend;

/**
 * Shared by the GPU tests: one backend per option set (opened lazily, kept for the JVM), skipping
 * with a printed notice where there is no CUDA device, and comparison helpers against the CPU backend.
 */
final class CudaTestSupport {
    private CudaTestSupport() {}

    private static final java.util.Map<CudaOptions, CudaBackend> OPEN = new java.util.HashMap<>();
    private static boolean noticePrinted;

    /** Skips the calling test (with a notice on stderr) unless a CUDA device is there. */
    static synchronized void requireGpu() {
        CudaDriver.Probe p = CudaDriver.probe();
        if (p.devices().isEmpty() && !noticePrinted) {
            noticePrinted = true;
            System.err.println("[cuda tests] skipped, no CUDA device: " + p.reason());
        }
        assumeTrue(!p.devices().isEmpty(), "no CUDA device: " + p.reason());
    }

    /** Device 0 opened with these options; skips without a GPU. */
    static synchronized CudaBackend backend(CudaOptions options) {
        requireGpu();
        return OPEN.computeIfAbsent(options, o -> CudaBackend.open(0, o));
    }

    static CudaBackend backend() {
        return backend(CudaOptions.DEFAULT.withSyncLaunch(true));
    }

    static CpuBackend cpu() { return CpuBackend.get(); }

    static float[] random(SplittableRandom rnd, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextDouble(lo, hi);
        return x;
    }

    static Buffer upload(Backend b, float[] data) {
        Buffer buf = b.allocate(data.length);
        b.upload(data, 0, buf, 0, data.length);
        return buf;
    }

    static float[] download(Backend b, Buffer buf) {
        float[] out = new float[buf.size()];
        b.download(buf, 0, out, 0, out.length);
        return out;
    }
}
