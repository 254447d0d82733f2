package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.ReduceOp;

import java.util.Arrays;

/** Sum, max and argmax over axes, and the broadcast-undoing sumTo used by backward rules. */
final class ReduceOps {
    private ReduceOps() {}

    /** Reduces one axis of a packed tensor; the result keeps the axis with size 1. */
    private static Tensor reduceAxis(ReduceOp op, Tensor x, int d) {
        Tensor p = x.packed();
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= p.shape[i];
        for (int i = d + 1; i < p.shape.length; i++) inner *= p.shape[i];
        int[] s = p.shape.clone();
        s[d] = 1;
        Backend be = p.backend();
        Tensor out = Tensor.empty(be, s);
        if (p.shape[d] == 0) throw new IllegalArgumentException(op + " over an empty dimension of shape " + Shapes.str(p.shape));
        be.reduce(op, p.storage.buffer, 0, outer, p.shape[d], inner, out.storage.buffer);
        return out;
    }

    private static int[] normalise(int[] dims, int rank) {
        int[] ds = new int[dims.length];
        for (int i = 0; i < dims.length; i++) ds[i] = Shapes.axis(dims[i], rank);
        Arrays.sort(ds);
        for (int i = 1; i < ds.length; i++) if (ds[i] == ds[i - 1]) throw new IllegalArgumentException("repeated dimension in " + Arrays.toString(dims));
        return ds;
    }

    private static int[] dropDims(int[] shape, int[] sortedDims) {
        int[] s = new int[shape.length - sortedDims.length];
        for (int i = 0, j = 0, k = 0; i < shape.length; i++) {
            if (k < sortedDims.length && sortedDims[k] == i) k++;
            else s[j++] = shape[i];
        }
        return s;
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        int[] ds = normalise(dims, x.shape.length);
        Tensor cur = x.detach();
        for (int d : ds) cur = reduceAxis(ReduceOp.SUM, cur, d);
        int[] keepShape = cur.shape;
        Tensor out = keepdim ? cur : cur.reshape(dropDims(x.shape, ds)).detach();
        int[] xs = x.shape;
        return Autograd.record("sum", out, g -> new Tensor[]{g.reshape(keepShape).expand(xs)}, x);
    }

    static Tensor sumAll(Tensor x) {
        int[] all = new int[x.shape.length];
        for (int i = 0; i < all.length; i++) all[i] = i;
        if (all.length == 0) return x;
        return sum(x, all, false);
    }

    /** Sums g down to shape, undoing NumPy broadcasting. */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) return g;
        int lead = g.shape.length - shape.length;
        int[] dims = new int[g.shape.length];
        int n = 0;
        for (int i = 0; i < g.shape.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && g.shape[i] != 1)) dims[n++] = i;
        }
        Tensor s = n == 0 ? g : sum(g, Arrays.copyOf(dims, n), true);
        return s.reshape(shape);
    }

    static Tensor argmax(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.axis(dim, x.shape.length);
        Tensor out = reduceAxis(ReduceOp.ARGMAX, x, d);
        return keepdim ? out : out.reshape(dropDims(x.shape, new int[]{d})).detach();
    }

    static Tensor max(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.axis(dim, x.shape.length);
        Tensor vals = reduceAxis(ReduceOp.MAX, x, d);
        int[] keepShape = vals.shape;
        Tensor out = keepdim ? vals : vals.reshape(dropDims(x.shape, new int[]{d})).detach();
        return Autograd.record("max", out, g -> new Tensor[]{g.reshape(keepShape).mul(oneHot(x, d))}, x);
    }

    /** 1 at the first maximum along d, 0 elsewhere (the gradient route of max, as PyTorch's max(dim)). */
    private static Tensor oneHot(Tensor x, int d) {
        Tensor idx = reduceAxis(ReduceOp.ARGMAX, x, d);
        int n = x.shape[d];
        float[] iota = new float[n];
        for (int i = 0; i < n; i++) iota[i] = i;
        int[] s = new int[x.shape.length];
        Arrays.fill(s, 1);
        s[d] = n;
        return ElementwiseOps.binary(BinaryOp.EQ, Tensor.of(x.backend(), iota, s), idx);
    }
}
