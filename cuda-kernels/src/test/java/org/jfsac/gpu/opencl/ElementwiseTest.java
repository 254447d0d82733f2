package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.jfsac.gpu.opencl.OpenClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** unary / binary / where / fill / copy against the CPU reference, contiguous and strided. */
class ElementwiseTest {
    private static final int[] SIZES = {1, 3, 197, 226, 257, 4099};

    @BeforeEach void device() { backend(); }

    /** Inputs inside each op's domain: positive for log/sqrt/pow, [-6, 6] otherwise (GELU's far tail included). */
    private static float[] inputFor(Object op, Random r, int n) {
        String name = op.toString();
        if (name.equals("LOG") || name.equals("SQRT") || name.startsWith("POW")) return uniform(r, n, 0.05f, 4f);
        return uniform(r, n, -6f, 6f);
    }

    @Test void unaryContiguousAllOpsAndSizes() {
        Random r = rng("unaryContiguous");
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : SIZES) {
                float p = op == UnaryOp.POW_SCALAR ? -2f + 5f * r.nextFloat() : -3f + 6f * r.nextFloat();
                Pair x = pair(inputFor(op, r, n + 5)), out = nanPair(n);
                both(b -> b.unary(op, p, new View(x.on(b), new int[]{n}, new int[]{1}, 5), out.on(b)));
                assertElementwise(op + " n=" + n + " p=" + p, out);
            }
        }
    }

    @Test void unaryOnPermutedAndBroadcastViews() {
        Random r = rng("unaryStrided");
        Pair x = pair(inputFor("any", r, 7 + 226 * 3));
        for (UnaryOp op : UnaryOp.values()) {
            if (op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR) continue; // negative inputs here
            // transpose of a [3, 226] block at offset 7, and a row broadcast down 197 rows
            Pair t = nanPair(226 * 3), bc = nanPair(197 * 226);
            both(b -> b.unary(op, 0.75f, new View(x.on(b), new int[]{226, 3}, new int[]{1, 226}, 7), t.on(b)));
            both(b -> b.unary(op, 0.75f, new View(x.on(b), new int[]{197, 226}, new int[]{0, 1}, 7), bc.on(b)));
            assertElementwise(op + " transposed", t);
            assertElementwise(op + " broadcast", bc);
        }
    }

    @Test void binaryContiguousAllOpsAndSizes() {
        Random r = rng("binaryContiguous");
        for (BinaryOp op : BinaryOp.values()) {
            for (int n : SIZES) {
                Pair a = pair(inputFor(op, r, n)), bb = pair(uniform(r, n + 2, -3f, 3f)), out = nanPair(n);
                both(b -> b.binary(op, View.contiguous(a.on(b), n), new View(bb.on(b), new int[]{n}, new int[]{1}, 2), out.on(b)));
                assertElementwise(op + " n=" + n, out);
            }
        }
    }

    @Test void binaryBroadcastPermutedAndOffsetViews() {
        Random r = rng("binaryStrided");
        for (BinaryOp op : BinaryOp.values()) {
            Pair a = pair(inputFor(op, r, 3 + 2 * 197 * 5)), bias = pair(uniform(r, 1 + 5, -3f, 3f));
            Pair scalar = pair(uniform(r, 1, 0.5f, 2f));
            Pair out1 = nanPair(2 * 197 * 5), out2 = nanPair(2 * 197 * 5), out3 = nanPair(5 * 197 * 2);
            int[] shape = {2, 197, 5};
            View aView = new View(a.on(cpuOr(a)), shape, new int[]{197 * 5, 5, 1}, 3);
            // a [2,197,5] at offset 3 plus a bias row (stride 0 over the first two axes, offset 1)
            both(b -> b.binary(op, new View(a.on(b), shape, aView.strides(), 3), new View(bias.on(b), shape, new int[]{0, 0, 1}, 1), out1.on(b)));
            // a scalar broadcast on the left
            both(b -> b.binary(op, new View(scalar.on(b), shape, new int[]{0, 0, 0}, 0), new View(a.on(b), shape, aView.strides(), 3), out2.on(b)));
            // both operands permuted to [5,197,2]
            int[] perm = {5, 197, 2};
            both(b -> b.binary(op, new View(a.on(b), perm, new int[]{1, 5, 197 * 5}, 3), new View(a.on(b), perm, new int[]{1, 5, 197 * 5}, 3), out3.on(b)));
            assertElementwise(op + " bias broadcast", out1);
            assertElementwise(op + " scalar broadcast", out2);
            assertElementwise(op + " permuted", out3);
        }
    }

    private static org.jfsac.core.backend.Backend cpuOr(Pair p) { return p.ref().backend(); }

    @Test void whereWithBroadcastCondition() {
        Random r = rng("where");
        float[] c = new float[226];
        for (int i = 0; i < c.length; i++) c[i] = r.nextBoolean() ? 0f : (r.nextBoolean() ? 1f : -2.5f);
        Pair cond = pair(c), a = pair(uniform(r, 3 * 226, -1, 1)), bb = pair(uniform(r, 226 * 3, -1, 1)), out = nanPair(3 * 226);
        int[] shape = {3, 226};
        both(b -> b.where(new View(cond.on(b), shape, new int[]{0, 1}, 0), View.contiguous(a.on(b), shape),
                new View(bb.on(b), shape, new int[]{1, 3}, 0), out.on(b)));
        assertElementwise("where", out);
    }

    @Test void fillContiguousAndStrided() {
        Random r = rng("fill");
        Pair x = pair(uniform(r, 10 * 257, -1, 1));
        both(b -> b.fill(new View(x.on(b), new int[]{226}, new int[]{1}, 3), 2.5f));
        both(b -> b.fill(new View(x.on(b), new int[]{4, 197}, new int[]{2 * 257, 1}, 300), -1.25f)); // every other row
        both(b -> b.fill(new View(x.on(b), new int[]{257}, new int[]{10}, 9), 7f));                   // a column
        assertArrayEquals(x.refData(), x.devData(), 0f, "fill must write exactly the view's elements");
    }

    @Test void copyPermutedBroadcastAndStridedDestination() {
        Random r = rng("copy");
        int[] shape = {2, 3, 5, 7};
        Pair src = pair(uniform(r, 11 + 2 * 3 * 5 * 7, -1, 1));
        // permute (0,2,1,3) of a contiguous [2,3,5,7] at offset 11, into a contiguous [2,5,3,7]
        Pair dst = nanPair(2 * 5 * 3 * 7);
        both(b -> b.copy(new View(src.on(b), new int[]{2, 5, 3, 7}, new int[]{105, 7, 35, 1}, 11), View.contiguous(dst.on(b), 2, 5, 3, 7)));
        assertArrayEquals(dst.refData(), dst.devData(), 0f, "permute copy");
        // contiguous to contiguous with offsets (the buffer-copy path) and a broadcast source into a strided destination
        Pair dst2 = pair(uniform(r, 400, -1, 1));
        both(b -> b.copy(new View(src.on(b), new int[]{100}, new int[]{1}, 5), new View(dst2.on(b), new int[]{100}, new int[]{1}, 250)));
        both(b -> b.copy(new View(src.on(b), new int[]{9, 7}, new int[]{0, 1}, 20), new View(dst2.on(b), new int[]{9, 7}, new int[]{1, 20}, 1)));
        assertArrayEquals(dst2.refData(), dst2.devData(), 0f, "offset and broadcast copies");
        // rank 8 with no unit extents and no mergeable neighbours: the kernels' largest layout
        int[] s8 = {2, 2, 2, 3, 2, 2, 2, 2};
        int[] st8 = {227, 1, 113, 3, 59, 7, 29, 13};
        Pair big = pair(uniform(r, 500, -1, 1)), dst8 = nanPair(2 * 2 * 2 * 3 * 2 * 2 * 2 * 2);
        both(b -> b.copy(new View(big.on(b), s8, st8, 0), View.contiguous(dst8.on(b), s8)));
        assertArrayEquals(dst8.refData(), dst8.devData(), 0f, "rank-8 gather copy");
    }

    /**
     * The device exp (on CPU devices portability.h's jf_cpu_expf, elsewhere the OpenCL built-in) against
     * Math.exp rounded to float, over the whole finite range, results in the denormal range and the
     * overflow edge, and the special values. Bound: 2 ulp of the correctly rounded result (the OpenCL spec
     * allows 3 ulp for exp; the CPU version is designed for about 1).
     */
    @Test void expIsWithinTwoUlpOverTheWholeRange() {
        Random r = rng("expUlp");
        int n = 1 << 16;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = -110f + 200f * r.nextFloat();
        float[] edges = {0f, -0f, 1e-8f, -1e-8f, 88.72f, 88.7228f, 88.73f, -87.3f, -103.9f, -104f, -150f, 1000f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(edges, 0, x, 0, edges.length);
        var b = backend();
        var in = b.allocate(n);
        var out = b.allocate(n);
        b.upload(x, 0, in, 0, n);
        b.unary(UnaryOp.EXP, 0f, View.contiguous(in, n), out);
        float[] got = new float[n];
        b.download(out, 0, got, 0, n);
        in.release();
        out.release();
        for (int i = 0; i < n; i++) {
            float want = (float) Math.exp(x[i]);
            if (Float.isNaN(want) || Float.isInfinite(want) || want == 0f) {
                assertEquals(want, got[i], 0f, "exp(" + x[i] + ")");
            } else {
                double ulps = Math.abs((double) got[i] - want) / Math.ulp(want);
                assertTrue(ulps <= 2, "exp(" + x[i] + ") = " + got[i] + ", want " + want + " (" + ulps + " ulp)");
            }
        }
    }

    @Test void viewOutsideItsBufferIsRejected() {
        var b = backend();
        var buf = b.allocate(10);
        var out = b.allocate(10);
        assertThrows(IndexOutOfBoundsException.class, () -> b.unary(UnaryOp.EXP, 0f, new View(buf, new int[]{5}, new int[]{2}, 2), out)); // reaches element 10
        assertThrows(IllegalArgumentException.class, () -> b.unary(UnaryOp.EXP, 0f,
                View.contiguous(org.jfsac.core.cpu.CpuBackend.get().allocate(4), 4), out));
        buf.release();
        out.release();
    }
}
