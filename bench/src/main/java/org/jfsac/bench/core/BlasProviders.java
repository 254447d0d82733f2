package org.jfsac.bench.core;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

import java.nio.FloatBuffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SGEMM at the ViT shapes through three BLAS providers in one JVM: the system OpenBLAS reached by netlib's JNI
 * binding, the OpenBLAS bundled in {@code org.bytedeco:openblas} (cblas_sgemm on heap arrays, as the CPU
 * backend would call it), and netlib's pure-Java fallback. Rounds alternate between providers so that load
 * from other processes on a shared machine hits all of them alike; the best round per provider is reported.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * org.jfsac.bench.core.BlasProviders [rounds]}. Shapes are row-major [m,k] @ [k,n], as the core calls GEMM.
 */
public final class BlasProviders {
    private static final int[][] SHAPES = {{226, 896, 2688}, {226, 896, 3584}, {197, 768, 3072}, {197, 768, 768}};
    private static final int ROW_MAJOR = 101, NO_TRANS = 111;

    private interface Sgemm { void run(int m, int n, int k, float[] a, float[] b, float[] c); }

    private BlasProviders() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        BLAS system = BLAS.getInstance();
        Map<String, Sgemm> providers = new LinkedHashMap<>();
        providers.put("system OpenBLAS (netlib JNI: " + system.getClass().getSimpleName() + ")", netlib(system));
        providers.put("bytedeco " + openblas.OPENBLAS_VERSION.trim() + " (cblas_sgemm, float[])",
                (m, n, k, a, b, c) -> openblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, a, k, b, n, 0f, c, n));
        // the CPU backend's path (heap FloatBuffer, so offsets need no copy; JavaCPP pins or copies the array)
        providers.put("bytedeco (cblas_sgemm, heap FloatBuffer: core path)", (m, n, k, a, b, c) -> openblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS,
                m, n, k, 1f, FloatBuffer.wrap(a), k, FloatBuffer.wrap(b), n, 0f, FloatBuffer.wrap(c), n));
        // off-heap operands with the copies in and out timed: what a heap-array caller would pay that way
        providers.put("bytedeco (cblas_sgemm, FloatPointer, copies timed)", BlasProviders::offHeap);
        providers.put("pure Java (netlib " + JavaBLAS.getInstance().getClass().getSimpleName() + ")", netlib(JavaBLAS.getInstance()));
        if (!system.getClass().getSimpleName().contains("JNI")) System.out.println("WARNING: no system BLAS loaded; column 1 is not native");
        
        System.out.println("OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE") + " OPENBLAS_L2_SIZE=" + System.getenv("OPENBLAS_L2_SIZE")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, shared machine: rounds alternate, best of " + rounds);
        List<String> names = new ArrayList<>(providers.keySet());
        System.out.printf("%-16s %-56s %10s %9s %9s%n", "m x k x n", "provider", "GFLOP/s", "vs system", "max rel err");
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            SplittableRandom rnd = new SplittableRandom(42);
            float[] a = randoms(rnd, m * k), b = randoms(rnd, k * n);
            double[] ref = reference(m, n, k, a, b);
            double[] best = new double[names.size()];
            double[] err = new double[names.size()];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            // pure Java is the slowest: a third of the rounds keeps the run short, best-of still applies
            for (int r = 0; r < rounds; r++) {
                for (int p = 0; p < names.size(); p++) {
                    if (p == names.size() - 1 && r >= Math.max(2, rounds / 3)) continue;
                    float[] c = new float[m * n];
                    Sgemm g = providers.get(names.get(p));
                    if (r == 0) g.run(m, n, k, a, b, c); // warm-up: JIT, thread pool start, library load
                    long t0 = System.nanoTime();
                    g.run(m, n, k, a, b, c);
                    best[p] = Math.min(best[p], (System.nanoTime() - t0) / 1e9);
                    err[p] = Math.max(err[p], maxRelErr(c, ref));
                }
            }
            for (int p = 0; p < names.size(); p++) {
                double gf = 2.0 * m * n * k / best[p] / 1e9;
                System.out.printf("%-16s %-56s %10.1f %8.0f%% %11.1e%n", m + "x" + k + "x" + n, names.get(p), gf, 100 * best[0] / best[p], err[p]);
            }
        }
    }

    private static void offHeap(int m, int n, int k, float[] a, float[] b, float[] c) {
        try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b); FloatPointer pc = new FloatPointer((long) m * n)) {
            openblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
            pc.get(c);
        }
    }

    private static Sgemm netlib(BLAS blas) {
        // row-major C = A B is column-major C^T = B^T A^T: swap the operands, as CpuGemm does
        return (m, n, k, a, b, c) -> blas.sgemm("N", "N", n, m, k, 1f, b, n, a, k, 0f, c, n);
    }

    static float[] randoms(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    /** Double-precision product, the yardstick for every provider's float result. */
    private static double[] reference(int m, int n, int k, float[] a, float[] b) {
        double[] c = new double[m * n];
        java.util.stream.IntStream.range(0, m).parallel().forEach(i -> {
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
            }
        });
        return c;
    }

    /** Largest |c - ref| relative to the largest |ref| (elementwise relative error is meaningless near zero). */
    static double maxRelErr(float[] c, double[] ref) {
        double scale = 0, diff = 0;
        for (int i = 0; i < c.length; i++) {
            scale = Math.max(scale, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(c[i] - ref[i]));
        }
        return diff / scale;
    }
}
