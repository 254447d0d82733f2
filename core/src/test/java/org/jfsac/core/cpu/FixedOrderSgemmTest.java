package org.jfsac.core.cpu;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixed-order GEMM ({@code -Djfsac.blas=vector}): each element is its definition (fma chains over slices of k,
 * slice sums added in order, then alpha·s [+ beta·c]) bit for bit, on the Vector-API kernel and the scalar one alike; rows computed alone equal
 * the same rows in a larger product; the thread count changes nothing; and the result is within the rounding bound
 * of a double-precision product. Runs in both surefire executions (with and without jdk.incubator.vector).
 */
class FixedOrderSgemmTest {
    private static final int[] AWKWARD = {1, 7, 17, 63, 226};
    private static final float U = 0x1p-24f;

    private static List<FixedOrderSgemm> kernels() {
        List<FixedOrderSgemm> g = new ArrayList<>(List.of(new FixedOrderSgemm(new ScalarMicroKernel())));
        if (VectorSupport.AVAILABLE) g.add(new FixedOrderSgemm(new VectorMicroKernel()));
        return g;
    }

    /** An operand with padding: rows × cols at offset 3 with leading dimension cols + 2, the rest random too. */
    private record Operand(float[] data, int off, int ld) {
        static Operand random(SplittableRandom rnd, int rows, int cols) {
            float[] d = new float[3 + rows * (cols + 2) + 5];
            for (int i = 0; i < d.length; i++) d[i] = (float) (rnd.nextDouble() * 2 - 1);
            return new Operand(d, 3, cols + 2);
        }

        float at(int r, int c) { return data[off + r * ld + c]; }
    }

    private record Case(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, Operand a, Operand b, Operand c) {
        static Case random(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta) {
            return new Case(ta, tb, m, n, k, alpha, beta, Operand.random(rnd, ta ? k : m, ta ? m : k),
                    Operand.random(rnd, tb ? n : k, tb ? k : n), Operand.random(rnd, m, n));
        }

        float a(int i, int p) { return ta ? a.at(p, i) : a.at(i, p); }

        float b(int p, int j) { return tb ? b.at(j, p) : b.at(p, j); }

        float[] run(FixedOrderSgemm g) {
            float[] out = c.data.clone();
            g.rowMajor(ta, tb, m, n, k, alpha, a.data, a.off, a.ld, b.data, b.off, b.ld, beta, out, c.off, c.ld);
            return out;
        }

        /** The definition, one element at a time. */
        float definition(int i, int j) {
            float s = 0f;
            for (int p0 = 0; p0 < k; p0 += FixedOrderSgemm.KC) {
                float t = 0f;
                for (int p = p0; p < Math.min(k, p0 + FixedOrderSgemm.KC); p++) t = Math.fma(a(i, p), b(p, j), t);
                s = s + t;
            }
            float v = alpha * s;
            return beta == 0f ? v : v + beta * c.at(i, j);
        }

        String name() { return (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k + " alpha=" + alpha + " beta=" + beta; }
    }

    private static void assertBits(float expected, float actual, String what) {
        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual)) fail(what + ": expected " + expected + " got " + actual);
    }

    /** Every element equals its definition bit for bit, and nothing outside C (padding, neighbours) is written. */
    private static void checkDefinition(FixedOrderSgemm g, Case t) {
        float[] out = t.run(g);
        for (int idx = 0; idx < out.length; idx++) {
            int rel = idx - t.c.off, i = Math.floorDiv(rel, t.c.ld), j = Math.floorMod(rel, t.c.ld);
            boolean inC = rel >= 0 && i < t.m && j < t.n;
            if (inC) assertBits(t.definition(i, j), out[idx], g.describe() + " " + t.name() + " at " + i + "," + j);
            else assertBits(t.c.data[idx], out[idx], t.name() + ": element " + idx + " outside C written");
        }
    }

    @Test
    void everyElementIsItsFixedOrderDefinition() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[][] sizes = {{1, 1, 1}, {7, 17, 63}, {17, 7, 255}, {63, 33, 257}, {13, 50, 600}, {6, 16, 256}, {12, 48, 512}, {5, 3, 0}};
        for (FixedOrderSgemm g : kernels())
            for (int[] s : sizes)
                for (int t = 0; t < 4; t++) {
                    float beta = t == 1 ? 0f : t == 2 ? 1f : -0.75f;
                    checkDefinition(g, Case.random(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], t == 3 ? -1.25f : 1f, beta));
                }
    }

    /** beta = 0 must not read C (BLAS semantics): NaN there stays out of the result. */
    @Test
    void betaZeroIgnoresNaNInC() {
        for (FixedOrderSgemm g : kernels()) {
            Case t = Case.random(new SplittableRandom(3), false, true, 9, 21, 40, 0.5f, 0f);
            java.util.Arrays.fill(t.c.data, Float.NaN);
            float[] out = t.run(g);
            for (int i = 0; i < t.m; i++) for (int j = 0; j < t.n; j++) assertBits(t.definition(i, j), out[t.c.off + i * t.c.ld + j], "beta=0 over NaN");
        }
    }

    /** Batch independence: the rows of an m-row product, each computed as a 1-row product, are the same bits. */
    @Test
    void rowsAloneEqualRowsInTheBatch() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[] ks = {1, 17, 63, 897};
        for (FixedOrderSgemm g : kernels())
            for (int m : AWKWARD)
                for (int n : new int[]{1, 7, 63, 226}) {
                    int k = ks[rnd.nextInt(ks.length)];
                    boolean ta = rnd.nextBoolean(), tb = rnd.nextBoolean();
                    Case t = Case.random(rnd, ta, tb, m, n, k, 1f, 0f);
                    float[] all = t.run(g);
                    for (int i = 0; i < m; i++) {
                        float[] row = new float[n];
                        // row i alone: op(A) row i is A's row i (at stride 1 along k) or A's column i (at stride lda)
                        if (ta) {
                            // a 1-row transposed A: a [k × 1] matrix starting at column i, leading dimension lda
                            g.rowMajor(true, tb, 1, n, k, 1f, t.a.data, t.a.off + i, t.a.ld, t.b.data, t.b.off, t.b.ld, 0f, row, 0, n);
                        } else {
                            g.rowMajor(false, tb, 1, n, k, 1f, t.a.data, t.a.off + i * t.a.ld, t.a.ld, t.b.data, t.b.off, t.b.ld, 0f, row, 0, n);
                        }
                        for (int j = 0; j < n; j++)
                            assertBits(all[t.c.off + i * t.c.ld + j], row[j], g.describe() + " " + t.name() + " row " + i + " col " + j);
                    }
                }
    }

    /** The Vector-API kernel and the scalar one (the path of JVMs without the module) give the same bits. */
    @Test
    void vectorAndScalarKernelsAgreeBitForBit() {
        if (!VectorSupport.AVAILABLE) return; // the scalar kernel alone is checked against the definition above
        FixedOrderSgemm scalar = new FixedOrderSgemm(new ScalarMicroKernel()), vector = new FixedOrderSgemm(new VectorMicroKernel());
        SplittableRandom rnd = new SplittableRandom(9);
        for (int[] s : new int[][]{{226, 300, 896}, {197, 64, 197}, {1, 2688, 896}, {63, 17, 1}}) {
            Case t = Case.random(rnd, false, true, s[0], s[1], s[2], 1f, 1f);
            float[] x = t.run(scalar), y = t.run(vector);
            for (int i = 0; i < x.length; i++) assertBits(x[i], y[i], t.name() + " element " + i);
        }
    }

    /**
     * Against a double-precision product: a product goes through at most min(k, KC) roundings in its slice's fma
     * chain and ⌈k/KC⌉ in the sum of slices, so |error of s| ≤ γ_n·Σ|a·b| with n = min(k, KC) + ⌈k/KC⌉ and
     * γ_n ≈ n·2^-24 (Higham, recursive summation); alpha·s and + beta·c add one rounding each. Bound used, per
     * element: (n + 2)·2^-24·(|alpha|·Σ|a·b| + |beta·c|), times 1.01 for γ's denominator.
     */
    @Test
    void withinTheRoundingBoundOfADoubleProduct() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (FixedOrderSgemm g : kernels())
            for (int[] s : new int[][]{{37, 29, 67}, {226, 9, 896}, {9, 41, 3584}, {3, 300, 2}})
                for (int t = 0; t < 4; t++) {
                    Case c = Case.random(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.75f, t == 0 ? 0f : -0.5f);
                    float[] out = c.run(g);
                    for (int i = 0; i < c.m; i++)
                        for (int j = 0; j < c.n; j++) {
                            double exact = 0, abs = 0;
                            for (int p = 0; p < c.k; p++) {
                                double prod = (double) c.a(i, p) * c.b(p, j);
                                exact += prod;
                                abs += Math.abs(prod);
                            }
                            double cij = c.beta == 0f ? 0 : c.c.at(i, j);
                            double ref = c.alpha * exact + c.beta * cij;
                            int roundings = Math.min(c.k, FixedOrderSgemm.KC) + (c.k + FixedOrderSgemm.KC - 1) / FixedOrderSgemm.KC;
                            double bound = 1.01 * (roundings + 2) * U * (Math.abs(c.alpha) * abs + Math.abs(c.beta * cij));
                            double err = Math.abs(out[c.c.off + i * c.c.ld + j] - ref);
                            assertTrue(err <= bound, c.name() + " at " + i + "," + j + ": error " + err + " > bound " + bound);
                        }
                }
    }

    /** Entry point of the child JVMs below: one product's bits, hashed. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(Parallel.threads() + " " + checksum());
        }
    }

    private static long checksum() {
        Case t = Case.random(new SplittableRandom(21), false, true, 226, 500, 896, 1f, 1f);
        float[] out = t.run(FixedOrderSgemm.forThisJvm());
        long h = 1125899906842597L;
        for (float v : out) h = 31 * h + Float.floatToRawIntBits(v);
        return h;
    }

    /** -Djfsac.threads=1 and =3 (child JVMs) give the bits this JVM gives. */
    @Test
    void threadCountChangesNothing() throws Exception {
        long here = checksum();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int threads : new int[]{1, 3}) {
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "-Djfsac.threads=" + threads));
            if (VectorSupport.AVAILABLE) cmd.add(1, "--add-modules=jdk.incubator.vector");
            cmd.add(Probe.class.getName());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            String last = out.strip().lines().reduce((x, y) -> y).orElse("");
            assertEquals(threads + " " + here, last, out);
        }
    }
}
