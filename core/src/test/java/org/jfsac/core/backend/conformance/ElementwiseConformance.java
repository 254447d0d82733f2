package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * unary, binary, where, fill and copy: every op code over lengths around the work-group sizes (1, 63, 3001
 * ...), offset operands, permuted, broadcast (stride 0) and rank-8 views, special values, and outputs
 * prefilled with NaN.
 */
public final class ElementwiseConformance extends BackendConformance {
    private static final int[] SIZES = {1, 3, 63, 197, 257, 3001};

    /** Inputs inside each op's domain: positive for log, sqrt and pow, [-6, 6] otherwise (GELU's far tail included). */
    private float[] inputFor(Object op, int n) {
        String name = op.toString();
        if (name.equals("LOG") || name.equals("SQRT") || name.startsWith("POW")) return uniform(n, 0.05f, 4f);
        return uniform(n, -6f, 6f);
    }

    private static boolean positiveOnly(UnaryOp op) {
        return op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR;
    }

    /** Runs unary on a view of host data and checks it against the reference. */
    private void checkUnary(UnaryOp op, float p, float[] host, int[] shape, int[] strides, int offset, String what) {
        Buffer x = upload(host);
        View v = new View(x, shape, strides, offset);
        Buffer out = nans(v.numel());
        backend().unary(op, p, v, out);
        double[] ref = Reference.view(host, shape, strides, offset);
        for (int i = 0; i < ref.length; i++) ref[i] = Reference.unary(op, ref[i], p);
        Tolerance.ELEMENTWISE.check(on(what), read(out), ref);
    }

    private void checkBinary(BinaryOp op, float[] ha, View a, float[] hb, View b, String what) {
        Buffer out = nans(a.numel());
        backend().binary(op, a, b, out);
        double[] x = Reference.view(ha, a.shape(), a.strides(), a.offset()), y = Reference.view(hb, b.shape(), b.strides(), b.offset());
        double[] ref = new double[x.length];
        for (int i = 0; i < ref.length; i++) ref[i] = Reference.binary(op, x[i], y[i]);
        Tolerance.ELEMENTWISE.check(on(what), read(out), ref);
    }

    @Check
    void unaryEveryOpOverLengthsAndOffsets() {
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : SIZES) {
                float p = op == UnaryOp.POW_SCALAR ? -2f + 5f * rng.nextFloat() : -3f + 6f * rng.nextFloat();
                checkUnary(op, p, inputFor(op, n + 5), new int[]{n}, new int[]{1}, 5, op + " n=" + n + " p=" + p);
            }
        }
    }

    @Check
    void unaryOnPermutedBroadcastAndRank3Views() {
        float[] signed = uniform(7 + 226 * 3 + 400, -6f, 6f), positive = uniform(signed.length, 0.05f, 4f);
        for (UnaryOp op : UnaryOp.values()) {
            float[] x = positiveOnly(op) ? positive : signed;
            checkUnary(op, 0.75f, x, new int[]{226, 3}, new int[]{1, 226}, 7, op + " transposed");
            checkUnary(op, 0.75f, x, new int[]{197, 226}, new int[]{0, 1}, 7, op + " row broadcast");
            checkUnary(op, 0.75f, x, new int[]{3, 5, 70}, new int[]{1, 3, 15}, 0, op + " permuted rank 3");
            checkUnary(op, 0.75f, x, new int[]{3, 5, 70}, new int[]{0, 70, 1}, 7, op + " broadcast rank 3");
            checkUnary(op, 0.75f, x, new int[]{63, 1}, new int[]{0, 5}, 3, op + " all-zero strides");
        }
    }

    /** NaN, infinities, signed zeros, tiny values and the exp overflow/underflow edges, for every op code. */
    @Check
    void unarySpecialValues() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-30f, -1e-30f, 88.8f, -104f, 1f, -1f};
        for (UnaryOp op : UnaryOp.values()) {
            checkUnary(op, 2f, x, new int[]{x.length}, new int[]{1}, 0, op + " of special values");
        }
    }

    @Check
    void binaryEveryOpOverLengthsAndOffsetsWithTies() {
        for (BinaryOp op : BinaryOp.values()) {
            for (int n : SIZES) {
                float[] a = inputFor(op, n), b = uniform(n + 2, -3f, 3f);
                for (int i = 0; i < n; i += 7) b[i + 2] = a[i]; // ties for EQ, GT, MAX, MIN
                checkBinary(op, a, View.contiguous(upload(a), n), b, new View(upload(b), new int[]{n}, new int[]{1}, 2), op + " n=" + n);
            }
        }
    }

    @Check
    void binaryBroadcastPermutedAndOffsetViews() {
        int[] shape = {2, 197, 5}, perm = {5, 197, 2};
        int[] dense = {197 * 5, 5, 1}, permuted = {1, 5, 197 * 5};
        for (BinaryOp op : BinaryOp.values()) {
            float[] a = inputFor(op, 3 + 2 * 197 * 5), bias = uniform(1 + 5, -3f, 3f), scalar = uniform(1, 0.5f, 2f);
            Buffer da = upload(a), dbias = upload(bias), dscalar = upload(scalar);
            checkBinary(op, a, new View(da, shape, dense, 3), bias, new View(dbias, shape, new int[]{0, 0, 1}, 1), op + " bias broadcast");
            checkBinary(op, scalar, new View(dscalar, shape, new int[]{0, 0, 0}, 0), a, new View(da, shape, dense, 3), op + " scalar broadcast");
            checkBinary(op, a, new View(da, perm, permuted, 3), a, new View(da, perm, permuted, 3), op + " both permuted");
        }
    }

    /** The condition broadcast along rows, with 0, -0, 1, -2.5 and NaN (everything but +-0 selects a). */
    @Check
    void whereWithBroadcastCondition() {
        float[] c = new float[226];
        float[] values = {0f, -0f, 1f, -2.5f, Float.NaN};
        for (int i = 0; i < c.length; i++) c[i] = values[rng.nextInt(values.length)];
        float[] a = uniform(3 * 226, -1, 1), b = uniform(226 * 3, -1, 1);
        int[] shape = {3, 226};
        View vc = new View(upload(c), shape, new int[]{0, 1}, 0), va = View.contiguous(upload(a), shape);
        View vb = new View(upload(b), shape, new int[]{1, 3}, 0);
        Buffer out = nans(3 * 226);
        backend().where(vc, va, vb, out);
        double[] rc = Reference.view(c, shape, vc.strides(), 0), ra = Reference.view(a, shape, va.strides(), 0);
        double[] rb = Reference.view(b, shape, vb.strides(), 0), ref = new double[rc.length];
        for (int i = 0; i < ref.length; i++) ref[i] = rc[i] != 0 ? ra[i] : rb[i];
        Tolerance.EXACT.check(on("where"), read(out), ref);
    }

    /** fill writes exactly the view's elements: the whole buffer is compared, untouched parts included. */
    @Check
    void fillContiguousStridedAndColumn() {
        float[] host = uniform(10 * 257, -1, 1);
        Buffer x = upload(host);
        View[] views = {new View(x, new int[]{226}, new int[]{1}, 3), new View(x, new int[]{4, 197}, new int[]{2 * 257, 1}, 300),
            new View(x, new int[]{257}, new int[]{10}, 9), new View(x, new int[]{3, 1, 63}, new int[]{63, 1, 1}, 1000)};
        float[] values = {2.5f, -1.25f, 7f, Float.NaN};
        double[] ref = toDouble(host);
        for (int k = 0; k < views.length; k++) {
            backend().fill(views[k], values[k]);
            View v = views[k];
            int[] idx = new int[v.rank()];
            for (int i = 0; i < v.numel(); i++) {
                int p = v.offset();
                for (int d = 0; d < v.rank(); d++) p += idx[d] * v.strides()[d];
                ref[p] = values[k];
                for (int d = v.rank() - 1; d >= 0 && ++idx[d] == v.shape()[d]; d--) idx[d] = 0;
            }
        }
        Tolerance.EXACT.check(on("fill"), read(x), ref);
    }

    @Check
    void copyPermutedBroadcastOffsetAndRank8() {
        float[] src = uniform(11 + 2 * 3 * 5 * 7, -1, 1);
        Buffer s = upload(src);
        // permute (0,2,1,3) of a contiguous [2,3,5,7] at offset 11 into a contiguous [2,5,3,7]
        checkCopy(src, new View(s, new int[]{2, 5, 3, 7}, new int[]{105, 7, 35, 1}, 11), 2 * 5 * 3 * 7, null, "permute copy");
        // contiguous with offsets (the buffer-to-buffer path), and a broadcast source into a transposed destination
        checkCopy(src, new View(s, new int[]{100}, new int[]{1}, 5), 400, new int[][]{{1}, {250}}, "offset copy");
        checkCopy(src, new View(s, new int[]{9, 7}, new int[]{0, 1}, 20), 400, new int[][]{{1, 20}, {1}}, "broadcast into strided");
        // rank 8 with no unit extents and no mergeable neighbours: the kernels' largest layout
        float[] big = uniform(500, -1, 1);
        checkCopy(big, new View(upload(big), new int[]{2, 2, 2, 3, 2, 2, 2, 2}, new int[]{227, 1, 113, 3, 59, 7, 29, 13}, 0),
                2 * 2 * 2 * 3 * 2 * 2 * 2 * 2, null, "rank-8 gather copy");
    }

    /** Copies src into a destination of dstSize floats (random, or NaN when dstLayout is null: then contiguous). */
    private void checkCopy(float[] srcHost, View src, int dstSize, int[][] dstLayout, String what) {
        float[] dstHost = dstLayout == null ? null : uniform(dstSize, -1, 1);
        Buffer d = dstHost == null ? nans(dstSize) : upload(dstHost);
        View dst = dstLayout == null ? View.contiguous(d, src.shape()) : new View(d, src.shape(), dstLayout[0], dstLayout[1][0]);
        backend().copy(src, dst);
        double[] ref = dstHost == null ? new double[dstSize] : toDouble(dstHost);
        double[] vals = Reference.view(srcHost, src.shape(), src.strides(), src.offset());
        int[] idx = new int[src.rank()];
        for (double val : vals) {
            int p = dst.offset();
            for (int k = 0; k < idx.length; k++) p += idx[k] * dst.strides()[k];
            ref[p] = val;
            for (int k = idx.length - 1; k >= 0 && ++idx[k] == src.shape()[k]; k--) idx[k] = 0;
        }
        Tolerance.EXACT.check(on(what), read(d), ref);
    }

    /**
     * exp against Math.exp rounded to float over the whole finite range, the denormal results and the overflow
     * edge: at most 2 ulp of the correctly rounded result (OpenCL allows 3 for exp; this is tighter than
     * {@link Tolerance#ELEMENTWISE} because attention and softmax lean on exp).
     */
    @Check
    void expIsWithinTwoUlpOverTheWholeRange() {
        int n = 1 << 16;
        float[] x = uniform(n, -110f, 90f);
        float[] edges = {0f, -0f, 1e-8f, -1e-8f, 88.72f, 88.7228f, 88.73f, -87.3f, -103.9f, -104f, -150f, 1000f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(edges, 0, x, 0, edges.length);
        Buffer out = nans(n);
        backend().unary(UnaryOp.EXP, 0f, View.contiguous(upload(x), n), out);
        float[] got = read(out);
        for (int i = 0; i < n; i++) {
            float want = (float) Math.exp(x[i]);
            if (Float.isNaN(want) || Float.isInfinite(want) || want == 0f) {
                assertEquals(want, got[i], 0f, on("exp(" + x[i] + ")"));
            } else {
                double ulps = Math.abs((double) got[i] - want) / Math.ulp(want);
                assertTrue(ulps <= 2, on("exp(" + x[i] + ") = " + got[i] + ", want " + want + " (" + ulps + " ulp)"));
            }
        }
    }
}
