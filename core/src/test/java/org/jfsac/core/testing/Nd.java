package org.jfsac.core.testing;

import org.jfsac.core.tensor.Tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * A tiny immutable double-precision N-d array: the independent reference the tensor ops are checked
 * against. Everything is naive loops over row-major index math (every op builds its result element by
 * element from multi-indices), deliberately sharing no code with the library: no strides, no kernels.
 * Broadcasting follows NumPy (shapes aligned on the right, size-1 dimensions repeat).
 */
public final class Nd {
    private final int[] shape;
    private final double[] data;

    private Nd(int[] shape, double[] data) {
        if (numel(shape) != data.length) throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        this.shape = shape.clone();
        this.data = data;
    }

    public static Nd of(double[] data, int... shape) { return new Nd(shape, data.clone()); }

    public static Nd of(float[] data, int... shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i];
        return new Nd(shape, d);
    }

    public static Nd of(Tensor t) { return of(t.toArray(), t.shape()); }

    public static Nd scalar(double v) { return new Nd(new int[0], new double[]{v}); }

    public static Nd full(double v, int... shape) {
        double[] d = new double[numel(shape)];
        Arrays.fill(d, v);
        return new Nd(shape, d);
    }

    /** Builds an array by evaluating f at every multi-index, in row-major order. */
    public static Nd generate(int[] shape, ToDoubleFunction<int[]> f) {
        double[] d = new double[numel(shape)];
        int[] idx = new int[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(idx);
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
        return new Nd(shape, d);
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int size(int d) { return shape[axis(d)]; }

    public int numel() { return data.length; }

    /** A copy of the values, row-major. */
    public double[] values() { return data.clone(); }

    public double value(int flat) { return data[flat]; }

    /** A copy with one flat element replaced (what finite differences perturb). */
    public Nd withValue(int flat, double v) {
        double[] d = data.clone();
        d[flat] = v;
        return new Nd(shape, d);
    }

    private int flat(int[] idx) {
        int f = 0;
        for (int k = 0; k < shape.length; k++) f = f * shape[k] + idx[k];
        return f;
    }

    public double get(int... idx) {
        if (idx.length != shape.length) throw new IllegalArgumentException("index " + Arrays.toString(idx) + " for shape " + Arrays.toString(shape));
        return data[flat(idx)];
    }

    /** The element that broadcasting maps output index idx (of a shape of rank >= this rank) to. */
    public double at(int[] idx) {
        int lead = idx.length - shape.length, f = 0;
        for (int k = 0; k < shape.length; k++) f = f * shape[k] + (shape[k] == 1 ? 0 : idx[lead + k]);
        return data[f];
    }

    private int axis(int d) {
        int a = d < 0 ? d + shape.length : d;
        if (a < 0 || a >= shape.length) throw new IllegalArgumentException("axis " + d + " for rank " + shape.length);
        return a;
    }

    public static int[] broadcastShape(int[]... shapes) {
        int r = 0;
        for (int[] s : shapes) r = Math.max(r, s.length);
        int[] out = new int[r];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int k = 0; k < s.length; k++) {
                int o = r - s.length + k;
                if (s[k] == 1) continue;
                if (out[o] != 1 && out[o] != s[k]) throw new IllegalArgumentException("cannot broadcast " + Arrays.deepToString(shapes));
                out[o] = s[k];
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ elementwise

    public Nd map(DoubleUnaryOperator f) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = f.applyAsDouble(data[i]);
        return new Nd(shape, d);
    }

    public Nd zip(Nd o, DoubleBinaryOperator f) {
        return generate(broadcastShape(shape, o.shape), i -> f.applyAsDouble(at(i), o.at(i)));
    }

    public static Nd where(Nd cond, Nd a, Nd b) {
        return generate(broadcastShape(cond.shape, a.shape, b.shape), i -> cond.at(i) != 0 ? a.at(i) : b.at(i));
    }

    public Nd add(Nd o) { return zip(o, Double::sum); }
    public Nd sub(Nd o) { return zip(o, (a, b) -> a - b); }
    public Nd mul(Nd o) { return zip(o, (a, b) -> a * b); }
    public Nd div(Nd o) { return zip(o, (a, b) -> a / b); }
    public Nd add(double s) { return map(a -> a + s); }
    public Nd mul(double s) { return map(a -> a * s); }
    public Nd exp() { return map(Math::exp); }
    public Nd log() { return map(Math::log); }
    public Nd sqrt() { return map(Math::sqrt); }

    // ------------------------------------------------------------------ reductions

    private int[] reducedShape(int a, boolean keepdim) {
        int[] s = new int[keepdim ? shape.length : shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != a) s[j++] = shape[k];
            else if (keepdim) s[j++] = 1;
        }
        return s;
    }

    /** The input index of output index o (of the reduced shape) with position j along axis a. */
    private int[] inputIndex(int[] o, int a, int j, boolean keepdim) {
        int[] in = new int[shape.length];
        for (int k = 0, m = 0; k < shape.length; k++) {
            if (k == a) {
                in[k] = j;
                if (keepdim) m++;
            } else in[k] = o[m++];
        }
        return in;
    }

    private Nd reduce(int d, boolean keepdim, double init, DoubleBinaryOperator f) {
        int a = axis(d);
        return generate(reducedShape(a, keepdim), o -> {
            double acc = init;
            for (int j = 0; j < shape[a]; j++) acc = f.applyAsDouble(acc, data[flat(inputIndex(o, a, j, keepdim))]);
            return acc;
        });
    }

    public Nd sum(int d, boolean keepdim) { return reduce(d, keepdim, 0, Double::sum); }

    public Nd max(int d, boolean keepdim) { return reduce(d, keepdim, Double.NEGATIVE_INFINITY, Math::max); }

    public Nd mean(int d, boolean keepdim) { return sum(d, keepdim).mul(1.0 / size(d)); }

    /** Sum over several axes, applied from the highest axis down so the others keep their numbers. */
    public Nd sum(int[] dims, boolean keepdim) {
        int[] ds = new int[dims.length];
        for (int i = 0; i < ds.length; i++) ds[i] = axis(dims[i]);
        Arrays.sort(ds);
        Nd cur = this;
        for (int i = ds.length - 1; i >= 0; i--) cur = cur.sum(ds[i], keepdim);
        return cur;
    }

    public double sumAll() {
        double s = 0;
        for (double v : data) s += v;
        return s;
    }

    /** Index of the first maximum along d. */
    public Nd argmax(int d, boolean keepdim) {
        int a = axis(d);
        return generate(reducedShape(a, keepdim), o -> {
            int best = 0;
            for (int j = 1; j < shape[a]; j++)
                if (data[flat(inputIndex(o, a, j, keepdim))] > data[flat(inputIndex(o, a, best, keepdim))]) best = j;
            return best;
        });
    }

    public Nd softmax(int d) {
        Nd e = sub(max(d, true)).exp();
        return e.div(e.sum(d, true));
    }

    public Nd logSoftmax(int d) {
        Nd shifted = sub(max(d, true));
        return shifted.sub(shifted.exp().sum(d, true).log());
    }

    // ------------------------------------------------------------------ views (materialised)

    public Nd permute(int... dims) {
        int[] s = new int[dims.length];
        for (int k = 0; k < dims.length; k++) s[k] = shape[axis(dims[k])];
        return generate(s, o -> {
            int[] in = new int[shape.length];
            for (int k = 0; k < dims.length; k++) in[axis(dims[k])] = o[k];
            return data[flat(in)];
        });
    }

    public Nd transpose(int d0, int d1) {
        int[] p = new int[shape.length];
        for (int k = 0; k < p.length; k++) p[k] = k;
        p[axis(d0)] = axis(d1);
        p[axis(d1)] = axis(d0);
        return permute(p);
    }

    public Nd mT() { return transpose(-2, -1); }

    public Nd narrow(int d, int start, int length) {
        int a = axis(d);
        int[] s = shape.clone();
        s[a] = length;
        return generate(s, o -> {
            int[] in = o.clone();
            in[a] += start;
            return data[flat(in)];
        });
    }

    public Nd select(int d, int i) {
        int a = axis(d);
        return generate(reducedShape(a, false), o -> data[flat(inputIndex(o, a, i, false))]);
    }

    public Nd expand(int... newShape) {
        if (!Arrays.equals(broadcastShape(shape, newShape), newShape)) throw new IllegalArgumentException("cannot expand " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        return generate(newShape, this::at);
    }

    /** Same row-major values, new shape. */
    public Nd reshape(int... newShape) { return new Nd(newShape, data.clone()); }

    public Nd unsqueeze(int d) {
        int a = d < 0 ? d + shape.length + 1 : d;
        int[] s = new int[shape.length + 1];
        for (int k = 0, j = 0; k < s.length; k++) s[k] = k == a ? 1 : shape[j++];
        return reshape(s);
    }

    public Nd squeeze(int d) {
        int a = axis(d);
        if (shape[a] != 1) throw new IllegalArgumentException("squeeze of size " + shape[a]);
        return reshape(reducedShape(a, false));
    }

    public static Nd concat(int d, Nd... parts) {
        Nd first = parts[0];
        int a = first.axis(d);
        int[] s = first.shape.clone();
        s[a] = 0;
        for (Nd p : parts) s[a] += p.shape[a];
        return generate(s, o -> {
            int j = o[a];
            for (Nd p : parts) {
                if (j < p.shape[a]) {
                    int[] in = o.clone();
                    in[a] = j;
                    return p.data[p.flat(in)];
                }
                j -= p.shape[a];
            }
            throw new AssertionError();
        });
    }

    public static Nd stack(int d, Nd... parts) {
        Nd[] us = new Nd[parts.length];
        for (int i = 0; i < parts.length; i++) us[i] = parts[i].unsqueeze(d);
        return concat(d < 0 ? d + parts[0].rank() + 1 : d, us);
    }

    public Nd gatherRows(int[] idx) {
        return generate(new int[]{idx.length, shape[1]}, o -> data[idx[o[0]] * shape[1] + o[1]]);
    }

    // ------------------------------------------------------------------ products

    /** NumPy matmul: 1-D operands are promoted and the added dimension removed; batch dims broadcast. */
    public Nd matmul(Nd o) {
        if (rank() == 1 && o.rank() == 1) return unsqueeze(0).matmul(o.unsqueeze(1)).reshape();
        if (rank() == 1) return unsqueeze(0).matmul(o).squeeze(-2);
        if (o.rank() == 1) return matmul(o.unsqueeze(1)).squeeze(-1);
        int m = shape[rank() - 2], k = shape[rank() - 1], n = o.shape[o.rank() - 1];
        if (o.shape[o.rank() - 2] != k) throw new IllegalArgumentException("matmul " + Arrays.toString(shape) + " x " + Arrays.toString(o.shape));
        int[] batch = broadcastShape(Arrays.copyOf(shape, rank() - 2), Arrays.copyOf(o.shape, o.rank() - 2));
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        return generate(out, idx -> {
            int[] ia = idx.clone(), ib = idx.clone();
            int r = idx.length;
            double s = 0;
            for (int j = 0; j < k; j++) {
                ia[r - 1] = j;
                ib[r - 2] = j;
                ib[r - 1] = idx[r - 1];
                s += at(ia) * o.at(ib);
            }
            return s;
        });
    }

    @Override public String toString() { return "Nd" + Arrays.toString(shape) + " " + Arrays.toString(data); }
}
