package org.jfsac.bench.core;

import org.jfsac.bench.Medians;

import org.jfsac.core.cpu.CpuGemm;
import org.jfsac.core.cpu.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * jfsac's fixed-order Vector-API GEMM ({@code -Djfsac.blas=vector}) against OpenBLAS (the system one through
 * netlib JNI, and the bundled one) at the ViT shapes, as the core calls them: Linear is x[m,k] · W[n,k]ᵀ
 * (transB), attention is per-head Q·Kᵀ and P·V. Rounds alternate between providers in one JVM so that load from
 * other processes hits all alike; the median per provider is reported, with the ratio to the first provider of
 * the same round. Also per provider: the largest error against a double-precision product, and whether the
 * first rows computed alone equal the same rows inside the full product bit for bit (batch independence).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * org.jfsac.bench.core.VectorGemmVsBlas [rounds] [providers, comma-separated]}.
 */
public final class VectorGemmVsBlas {
    /** name, transA, transB, m, n, k, batch. */
    private record Shape(String name, boolean ta, boolean tb, int m, int n, int k, int batch) {
        double flops() { return 2.0 * m * n * k * batch; }
    }

    private static final Shape[] SHAPES = {
        new Shape("B/16+ qkv, batch 1", false, true, 226, 2688, 896, 1),
        new Shape("B/16+ mlp up, batch 1", false, true, 226, 3584, 896, 1),
        new Shape("B/16+ mlp down, batch 1", false, true, 226, 896, 3584, 1),
        new Shape("B/16+ out proj, batch 1", false, true, 226, 896, 896, 1),
        new Shape("B/16+ qkv, batch 8", false, true, 1808, 2688, 896, 1),
        new Shape("B/16+ mlp up, batch 8", false, true, 1808, 3584, 896, 1),
        new Shape("B/16+ mlp down, batch 8", false, true, 1808, 896, 3584, 1),
        new Shape("B/16 qkv, batch 1", false, true, 197, 2304, 768, 1),
        new Shape("B/16 mlp up, batch 1", false, true, 197, 3072, 768, 1),
        new Shape("B/16 mlp down, batch 1", false, true, 197, 768, 3072, 1),
        new Shape("attention Q·Kᵀ, 14 heads", false, true, 226, 226, 64, 14),
        new Shape("attention P·V, 14 heads", false, false, 226, 64, 226, 14),
    };

    /**
     * -Dbench.cpuTime=true: the calling thread's CPU time instead of wall time. Only meaningful single-threaded
     * (-Djfsac.threads=1 OPENBLAS_NUM_THREADS=1, where both run on the calling thread): on a machine shared with
     * other work it measures the kernels' efficiency without the time spent waiting for a core.
     */
    private static final boolean CPU_TIME = Boolean.getBoolean("bench.cpuTime");
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long now() { return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime(); }

    private VectorGemmVsBlas() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String[] names = (args.length > 1 ? args[1] : "netlib,vector").split(",");
        Map<String, CpuGemm.RowMajor> providers = new LinkedHashMap<>();
        for (String n : names) providers.put(n, CpuGemm.byName(n));
        System.out.println("OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE") + ", " + Parallel.threads()
                + " threads, " + (CPU_TIME ? "thread CPU time" : "wall time") + ", rounds alternate, median of " + rounds + "; ratio = provider time / " + names[0] + " time, same round");
        System.out.printf("%-28s %-22s %-10s %9s %9s %8s %10s %s%n", "shape", "m x n x k (batch)", "provider", "ms", "GFLOP/s",
                "ratio", "rel err", "rows alone = in batch");
        for (Shape s : SHAPES) run(s, providers, rounds);
    }

    private static void run(Shape s, Map<String, CpuGemm.RowMajor> providers, int rounds) {
        int aRows = s.ta ? s.k : s.m, aCols = s.ta ? s.m : s.k, bRows = s.tb ? s.n : s.k, bCols = s.tb ? s.k : s.n;
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = BlasProviders.randoms(rnd, s.batch * aRows * aCols), b = BlasProviders.randoms(rnd, s.batch * bRows * bCols);
        float[] c = new float[s.batch * s.m * s.n];
        List<String> names = new ArrayList<>(providers.keySet());
        double[][] ms = new double[names.size()][rounds];
        double[][] ratio = new double[names.size()][rounds];
        for (int r = -1; r < rounds; r++) { // round -1: warm-up (JIT, pools, buffers)
            for (int p = 0; p < names.size(); p++) {
                long t0 = now();
                call(providers.get(names.get(p)), s, a, aCols, b, bCols, c, s.m);
                if (r >= 0) ms[p][r] = (now() - t0) / 1e6;
            }
            if (r >= 0) for (int p = 0; p < names.size(); p++) ratio[p][r] = ms[p][r] / ms[0][r];
        }
        double[] ref = reference(s, a, aCols, b, bCols);
        for (int p = 0; p < names.size(); p++) {
            CpuGemm.RowMajor g = providers.get(names.get(p));
            Arrays.fill(c, 0f);
            call(g, s, a, aCols, b, bCols, c, s.m);
            double t = Medians.of(ms[p]);
            System.out.printf("%-28s %-22s %-10s %9.2f %9.1f %8.2f %10.1e %s%n", s.name, s.m + "x" + s.n + "x" + s.k + " (" + s.batch + ")",
                    names.get(p), t, s.flops() / t / 1e6, Medians.of(ratio[p]), BlasProviders.maxRelErr(c, ref), rowsAloneMatch(g, s, a, aCols, b, bCols, c));
        }
    }

    /** The product, batch entries one after another (strided operands, as the attention heads are). */
    private static void call(CpuGemm.RowMajor g, Shape s, float[] a, int lda, float[] b, int ldb, float[] c, int rows) {
        int sa = (s.ta ? s.k : s.m) * lda, sb = (s.tb ? s.n : s.k) * ldb;
        for (int q = 0; q < s.batch; q++)
            g.gemm(s.ta, s.tb, rows, s.n, s.k, 1f, a, q * sa, lda, b, q * sb, ldb, 0f, c, q * s.m * s.n, s.n);
    }

    /** Whether rows 0..6 of batch entry 0, each computed as a 1-row product, equal the full product's rows bit for bit. */
    private static String rowsAloneMatch(CpuGemm.RowMajor g, Shape s, float[] a, int lda, float[] b, int ldb, float[] full) {
        if (s.ta) return "n/a";
        float[] row = new float[s.n];
        for (int i = 0; i < 7; i++) {
            g.gemm(false, s.tb, 1, s.n, s.k, 1f, a, i * lda, lda, b, 0, ldb, 0f, row, 0, s.n);
            for (int j = 0; j < s.n; j++) if (Float.floatToRawIntBits(row[j]) != Float.floatToRawIntBits(full[i * s.n + j])) return "NO (row " + i + ")";
        }
        return "yes";
    }

    private static double[] reference(Shape s, float[] a, int lda, float[] b, int ldb) {
        int sa = (s.ta ? s.k : s.m) * lda, sb = (s.tb ? s.n : s.k) * ldb;
        double[] c = new double[s.batch * s.m * s.n];
        java.util.stream.IntStream.range(0, s.batch * s.m).parallel().forEach(qi -> {
            int q = qi / s.m, i = qi % s.m;
            for (int j = 0; j < s.n; j++) {
                double sum = 0;
                for (int p = 0; p < s.k; p++) {
                    double x = s.ta ? a[q * sa + p * lda + i] : a[q * sa + i * lda + p];
                    double y = s.tb ? b[q * sb + j * ldb + p] : b[q * sb + p * ldb + j];
                    sum += x * y;
                }
                c[qi * s.n + j] = sum;
            }
        });
        return c;
    }

}
