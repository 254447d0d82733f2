package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;

import java.util.Arrays;
import java.util.List;

/**
 * A float32 tensor of any rank on one device: a strided {@link View} of a shared buffer, plus autograd
 * state. Views (reshape, permute, narrow, expand…) share memory; every other op allocates its output on
 * the same device through that device's {@link Backend}.
 */
public final class Tensor {
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;

    boolean requiresGrad;
    Tensor grad;
    Node node;

    Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ================================================================ creation

    /** Uninitialised contiguous tensor. */
    static Tensor empty(Backend backend, int... shape) {
        int[] s = shape.clone();
        return new Tensor(new Storage(allocate(backend, Shapes.numel(s))), s, View.contiguousStrides(s), 0);
    }

    /**
     * Device memory of unreachable tensors goes back to its pool only when a GC has run their cleaners, and a
     * full device says nothing to the Java heap: on a failed device allocation, collect once and retry.
     */
    private static org.jfsac.core.backend.Buffer allocate(Backend backend, int n) {
        try {
            return backend.allocate(n);
        } catch (RuntimeException full) {
            if (backend instanceof org.jfsac.core.cpu.CpuBackend) throw full;
            System.gc();
            try {
                Thread.sleep(100); // let the Cleaner thread return the buffers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return backend.allocate(n);
        }
    }

    /** A tensor of zeros on the default device. */
    public static Tensor zeros(int... shape) { return full(Devices.getDefault(), 0f, shape); }

    /** A tensor of zeros on {@code backend}. */
    public static Tensor zeros(Backend backend, int... shape) { return full(backend, 0f, shape); }

    /** A tensor of ones on the default device. */
    public static Tensor ones(int... shape) { return full(Devices.getDefault(), 1f, shape); }

    /** A tensor filled with {@code value} on {@code backend}. */
    public static Tensor full(Backend backend, float value, int... shape) {
        Tensor t = empty(backend, shape);
        backend.fill(t.view(), value);
        return t;
    }

    /** A tensor holding a copy of {@code data} (row-major) on the default device. */
    public static Tensor of(float[] data, int... shape) { return of(Devices.getDefault(), data, shape); }

    /** A tensor holding a copy of {@code data} (row-major) on {@code backend}. */
    public static Tensor of(Backend backend, float[] data, int... shape) {
        if (Shapes.numel(shape) != data.length)
            throw new IllegalArgumentException("data of length " + data.length + " does not fit shape " + Shapes.str(shape));
        Tensor t = empty(backend, shape);
        backend.upload(data, 0, t.storage.buffer, 0, data.length);
        return t;
    }

    /**
     * A contiguous tensor over the first numel elements of an existing device buffer, without copying.
     * The buffer stays the caller's: the tensor never releases it.
     */
    public static Tensor wrap(org.jfsac.core.backend.Buffer buffer, int... shape) {
        int[] s = shape.clone();
        if (Shapes.numel(s) > buffer.size())
            throw new IllegalArgumentException("wrap: shape " + Shapes.str(s) + " needs " + Shapes.numel(s) + " elements, buffer has " + buffer.size());
        return new Tensor(new Storage(buffer, false), s, View.contiguousStrides(s), 0);
    }

    /** A one-element tensor of shape [1] on the default device. */
    public static Tensor scalar(float value) { return of(new float[]{value}); }

    /** A one-element tensor of shape [1] on {@code backend}. */
    public static Tensor scalar(Backend backend, float value) { return of(backend, new float[]{value}); }

    /** A tensor of the same device as this one. */
    public Tensor newTensor(float[] data, int... shape) { return of(backend(), data, shape); }

    /** Zeros of this tensor's shape, on its device. */
    public Tensor zerosLike() { return zeros(backend(), shape); }

    /** Copies to another device (a no-op when already there). The copy is a leaf without gradient. */
    public Tensor to(Backend target) {
        if (target == backend()) return this;
        return of(target, toArray(), shape);
    }

    // ================================================================ access

    /** The sizes of the dimensions (a copy). */
    public int[] shape() { return shape.clone(); }

    /** The number of dimensions. */
    public int dim() { return shape.length; }

    /** The size of dimension {@code d} (negative counts from the end). */
    public int size(int d) { return shape[Shapes.axis(d, shape.length)]; }

    /** The number of elements. */
    public int numel() { return Shapes.numel(shape); }

    /** The device the elements live on. */
    public Backend backend() { return storage.buffer.backend(); }

    /** The strided window this tensor is; what backend ops take. */
    public View view() { return new View(storage.buffer, shape, strides, offset); }

    /** Whether the elements are dense in row-major order from the offset (no copy needed to pass them on). */
    public boolean isContiguous() { return view().isContiguous(); }

    /** All elements in row-major order (a host copy). */
    public float[] toArray() {
        Tensor c = packed();
        float[] out = new float[c.numel()];
        c.backend().download(c.storage.buffer, 0, out, 0, out.length);
        return out;
    }

    /** The value of a one-element tensor (a host copy). */
    public float item() {
        if (numel() != 1) throw new IllegalStateException("item() needs a tensor of one element, got shape " + Shapes.str(shape));
        float[] v = new float[1];
        backend().download(storage.buffer, offset, v, 0, 1);
        return v[0];
    }

    /** The element at {@code index} (one index per dimension; a host copy). */
    public float get(int... index) {
        if (index.length != shape.length) throw new IllegalArgumentException("index " + Arrays.toString(index) + " for shape " + Shapes.str(shape));
        int off = offset;
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape " + Shapes.str(shape));
            off += index[d] * strides[d];
        }
        float[] v = new float[1];
        backend().download(storage.buffer, off, v, 0, 1);
        return v[0];
    }

    /** Contiguous with offset 0 and owning exactly numel elements: what buffer-level ops need. */
    public Tensor packed() {
        if (offset == 0 && isContiguous() && storage.buffer.size() == numel()) return this;
        return contiguousCopy();
    }

    private Tensor contiguousCopy() {
        Tensor out = empty(backend(), shape);
        backend().copy(view(), out.view());
        return Autograd.record("contiguous", out, g -> new Tensor[]{g}, this);
    }

    /** The device buffer of a packed tensor (see {@link #packed()}). */
    public org.jfsac.core.backend.Buffer buffer() {
        if (offset != 0 || !isContiguous() || storage.buffer.size() != numel())
            throw new IllegalStateException("buffer() of a non-packed tensor " + this + "; call packed() first");
        return storage.buffer;
    }

    /**
     * Overwrites this tensor's elements with src's (same shape, any device), outside the graph: how
     * weights are loaded and optimizers update parameters.
     */
    public Tensor assign(Tensor src) {
        if (!Arrays.equals(src.shape, shape))
            throw new IllegalArgumentException("assign: shape " + Shapes.str(src.shape) + " into " + Shapes.str(shape));
        return copyFrom(src.backend() == backend() ? src : src.to(backend()));
    }

    /**
     * Overwrites this packed tensor's elements with host data (row-major, numel values) in one upload,
     * outside the graph: how checkpoint weights reach parameters without an intermediate tensor.
     */
    public Tensor load(float[] data) {
        if (data.length != numel())
            throw new IllegalArgumentException("load: " + data.length + " values into shape " + Shapes.str(shape));
        backend().upload(data, 0, buffer(), 0, data.length);
        return this;
    }

    /** Writes src (same shape) into this tensor's memory; no graph. */
    Tensor copyFrom(Tensor src) {
        backend().copy(src.view(), view());
        return this;
    }

    /** This tensor if its elements are dense in row-major order, else a contiguous copy. */
    public Tensor contiguous() { return isContiguous() ? this : contiguousCopy(); }

    // ================================================================ autograd

    /** Whether backward() computes a gradient for this tensor (a marked leaf, or computed from one). */
    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf tensor as a parameter or input whose gradient backward() should compute. */
    public Tensor requiresGrad(boolean on) {
        if (node != null && !on) throw new IllegalStateException("cannot clear requiresGrad on a non-leaf tensor; use detach()");
        requiresGrad = on;
        return this;
    }

    /** Accumulated gradient of a leaf, or null. */
    public Tensor grad() { return grad; }

    /** Replaces the accumulated gradient of a leaf (null clears it). */
    public void setGrad(Tensor g) { grad = g; }

    /** Clears the accumulated gradient. */
    public void zeroGrad() { grad = null; }

    /** Whether this tensor was not computed by a recorded operation (an input, a parameter, or detached). */
    public boolean isLeaf() { return node == null; }

    /** The same data, cut off from the graph. */
    public Tensor detach() { return new Tensor(storage, shape, strides, offset); }

    /** Backpropagates from this scalar; gradients accumulate into leaves' grad(). Frees the graph. */
    public void backward() { Autograd.backward(this, null, false); }

    /** Backpropagates {@code gradient} (the gradient of some scalar with respect to this tensor); frees the graph. */
    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false); }

    /** As {@link #backward(Tensor)}; {@code retainGraph} keeps the graph for another backward pass. */
    public void backward(Tensor gradient, boolean retainGraph) { Autograd.backward(this, gradient, retainGraph); }

    /** Releases device memory now instead of waiting for the garbage collector. The tensor is unusable after. */
    public void release() { storage.release(); }

    // ================================================================ views

    Tensor viewOf(int[] newShape, int[] newStrides, int newOffset, String op, Node.Backward backward) {
        Tensor out = new Tensor(storage, newShape, newStrides, newOffset);
        return Autograd.record(op, out, backward, this);
    }

    /** Reshape (one dimension may be -1): a view when the data is contiguous, else a copy. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one -1 allowed in " + Arrays.toString(newShape));
                infer = i;
            } else known *= s[i];
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(shape) + " to " + Arrays.toString(newShape));
            s[infer] = n / known;
        }
        if (Shapes.numel(s) != n) throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(shape) + " (" + n + " elements) to " + Arrays.toString(newShape));
        int[] old = shape;
        int[] st = viewStrides(s);
        if (st != null) return viewOf(s, st, offset, "reshape", g -> new Tensor[]{g.reshape(old)});
        Tensor src = contiguousCopy();
        return src.viewOf(s, View.contiguousStrides(s), src.offset, "reshape", g -> new Tensor[]{g.reshape(old)});
    }

    /**
     * Strides that give newShape as a view of this tensor's memory, or null when a copy is needed
     * (PyTorch's view rule: each run of old dimensions that is contiguous in memory can be re-split freely).
     */
    private int[] viewStrides(int[] newShape) {
        if (numel() == 0) return View.contiguousStrides(newShape);
        int[] ns = new int[newShape.length];
        int viewD = newShape.length - 1;
        int chunkBase = shape.length == 0 ? 1 : strides[shape.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    ns[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        while (viewD >= 0 && newShape[viewD] == 1) ns[viewD--] = 1;
        return viewD == -1 ? ns : null;
    }

    /** Merges dimensions {@code startDim..endDim} (inclusive, negative counts from the end) into one, as a view where the strides allow. */
    public Tensor flatten(int startDim, int endDim) {
        int a = Shapes.axis(startDim, shape.length), b = Shapes.axis(endDim, shape.length);
        int[] s = new int[shape.length - (b - a)];
        int k = 0, m = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < a || i > b) s[k++] = shape[i];
            else {
                m *= shape[i];
                if (i == b) s[k++] = m;
            }
        }
        return reshape(s);
    }

    /** Reorders the dimensions: dimension i of the result is dimension {@code dims[i]} of this tensor (a view). */
    public Tensor permute(int... dims) {
        if (dims.length != shape.length) throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " for shape " + Shapes.str(shape));
        int[] s = new int[dims.length], st = new int[dims.length], inv = new int[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.axis(dims[i], shape.length);
            if (seen[d]) throw new IllegalArgumentException("permute: repeated dimension in " + Arrays.toString(dims));
            seen[d] = true;
            s[i] = shape[d];
            st[i] = strides[d];
            inv[d] = i;
        }
        return viewOf(s, st, offset, "permute", g -> new Tensor[]{g.permute(inv)});
    }

    /** Swaps two dimensions (a view). */
    public Tensor transpose(int d0, int d1) {
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int a = Shapes.axis(d0, shape.length), b = Shapes.axis(d1, shape.length);
        p[a] = b;
        p[b] = a;
        return permute(p);
    }

    /** Transpose of the last two dimensions. */
    public Tensor mT() { return transpose(-2, -1); }

    /** Elements [start, start+length) along dim, as a view. */
    public Tensor narrow(int dim, int start, int length) {
        int d = Shapes.axis(dim, shape.length);
        if (start < 0 || length < 0 || start + length > shape[d])
            throw new IndexOutOfBoundsException("narrow: [" + start + ", " + (start + length) + ") out of range for dimension " + d + " of shape " + Shapes.str(shape));
        int[] s = shape.clone();
        s[d] = length;
        int[] full = shape;
        return viewOf(s, strides.clone(), offset + start * strides[d], "narrow", g -> {
            Tensor z = zeros(g.backend(), full);
            Tensor window = z.narrow(d, start, length);
            g.backend().copy(g.view(), window.view());
            return new Tensor[]{z};
        });
    }

    /** Index i along dim, removing that dimension. */
    public Tensor select(int dim, int i) {
        int d = Shapes.axis(dim, shape.length);
        return narrow(d, i, 1).squeeze(d);
    }

    /** Inserts a dimension of size 1 at {@code dim} (a view). */
    public Tensor unsqueeze(int dim) {
        int d = dim < 0 ? dim + shape.length + 1 : dim;
        if (d < 0 || d > shape.length) throw new IllegalArgumentException("unsqueeze: dimension " + dim + " for rank " + shape.length);
        int[] s = new int[shape.length + 1], st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == d) {
                s[i] = 1;
                st[i] = j < shape.length ? strides[j] * shape[j] : 1;
            } else {
                s[i] = shape[j];
                st[i] = strides[j++];
            }
        }
        int[] old = shape;
        return viewOf(s, st, offset, "unsqueeze", g -> new Tensor[]{g.reshape(old)});
    }

    /** Removes dimension {@code dim}, which must have size 1 (a view). */
    public Tensor squeeze(int dim) {
        int d = Shapes.axis(dim, shape.length);
        if (shape[d] != 1) throw new IllegalArgumentException("squeeze: dimension " + d + " of shape " + Shapes.str(shape) + " is not 1");
        int[] s = new int[shape.length - 1], st = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) { s[j] = shape[i]; st[j++] = strides[i]; }
        int[] old = shape;
        return viewOf(s, st, offset, "squeeze", g -> new Tensor[]{g.reshape(old)});
    }

    /** Broadcast to a larger shape without copying (stride 0 on repeated dimensions). */
    public Tensor expand(int... newShape) {
        if (Arrays.equals(newShape, shape)) return this;
        int r = newShape.length;
        if (r < shape.length) throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(shape) + " to " + Arrays.toString(newShape));
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            int j = i - (r - shape.length);
            if (j < 0) { st[i] = 0; continue; }
            if (shape[j] == newShape[i]) st[i] = strides[j];
            else if (shape[j] == 1) st[i] = 0;
            else throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(shape) + " to " + Arrays.toString(newShape));
        }
        int[] old = shape;
        return viewOf(newShape.clone(), st, offset, "expand", g -> new Tensor[]{ReduceOps.sumTo(g, old)});
    }

    // ================================================================ elementwise

    /** Element-wise sum, broadcasting as PyTorch does. */
    public Tensor add(Tensor o) { return ElementwiseOps.binary(BinaryOp.ADD, this, o); }
    /** Element-wise difference, broadcasting. */
    public Tensor sub(Tensor o) { return ElementwiseOps.binary(BinaryOp.SUB, this, o); }
    /** Element-wise product, broadcasting. */
    public Tensor mul(Tensor o) { return ElementwiseOps.binary(BinaryOp.MUL, this, o); }
    /** Element-wise quotient, broadcasting. */
    public Tensor div(Tensor o) { return ElementwiseOps.binary(BinaryOp.DIV, this, o); }
    /** Element-wise power this<sup>o</sup>, broadcasting. */
    public Tensor pow(Tensor o) { return ElementwiseOps.binary(BinaryOp.POW, this, o); }
    /** Element-wise maximum, broadcasting. */
    public Tensor maximum(Tensor o) { return ElementwiseOps.binary(BinaryOp.MAX, this, o); }
    /** Element-wise minimum, broadcasting. */
    public Tensor minimum(Tensor o) { return ElementwiseOps.binary(BinaryOp.MIN, this, o); }
    /** 1 where this > o, else 0 (no gradient). */
    public Tensor gt(Tensor o) { return ElementwiseOps.binary(BinaryOp.GT, this, o); }

    /** this + s */
    public Tensor add(float s) { return ElementwiseOps.unary(UnaryOp.ADD_SCALAR, s, this); }
    /** this - s */
    public Tensor sub(float s) { return ElementwiseOps.unary(UnaryOp.ADD_SCALAR, -s, this); }
    /** this · s */
    public Tensor mul(float s) { return ElementwiseOps.unary(UnaryOp.MUL_SCALAR, s, this); }
    /** this / s */
    public Tensor div(float s) { return ElementwiseOps.unary(UnaryOp.MUL_SCALAR, 1f / s, this); }
    /** this<sup>p</sup> */
    public Tensor pow(float p) { return ElementwiseOps.unary(UnaryOp.POW_SCALAR, p, this); }
    /** s - this */
    public Tensor rsub(float s) { return ElementwiseOps.unary(UnaryOp.RSUB_SCALAR, s, this); }
    /** s / this */
    public Tensor rdiv(float s) { return ElementwiseOps.unary(UnaryOp.RDIV_SCALAR, s, this); }
    /** -this */
    public Tensor neg() { return ElementwiseOps.unary(UnaryOp.NEG, 0f, this); }
    /** e<sup>this</sup> */
    public Tensor exp() { return ElementwiseOps.unary(UnaryOp.EXP, 0f, this); }
    /** Natural logarithm. */
    public Tensor log() { return ElementwiseOps.unary(UnaryOp.LOG, 0f, this); }
    /** Square root. */
    public Tensor sqrt() { return ElementwiseOps.unary(UnaryOp.SQRT, 0f, this); }
    /** Hyperbolic tangent. */
    public Tensor tanh() { return ElementwiseOps.unary(UnaryOp.TANH, 0f, this); }
    /** Logistic sigmoid 1 / (1 + e<sup>-x</sup>). */
    public Tensor sigmoid() { return ElementwiseOps.unary(UnaryOp.SIGMOID, 0f, this); }
    /** GELU with the exact erf form (PyTorch's default {@code nn.GELU}). */
    public Tensor gelu() { return ElementwiseOps.unary(UnaryOp.GELU, 0f, this); }
    /** QuickGELU x·sigmoid(1.702·x) (OpenAI CLIP's activation). */
    public Tensor quickGelu() { return ElementwiseOps.unary(UnaryOp.QUICK_GELU, 0f, this); }
    /** max(x, 0) */
    public Tensor relu() { return ElementwiseOps.unary(UnaryOp.RELU, 0f, this); }
    /** Absolute value. */
    public Tensor abs() { return ElementwiseOps.unary(UnaryOp.ABS, 0f, this); }
    /** max(this, min) */
    public Tensor clampMin(float min) { return maximum(full(backend(), min)); }

    /** cond != 0 ? a : b, broadcasting all three; cond gets no gradient. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return ElementwiseOps.where(cond, a, b); }

    /** Replaces elements where mask != 0 by value (e.g. -inf for a causal mask). */
    public Tensor maskedFill(Tensor mask, float value) { return where(mask, full(backend(), value), this); }

    // ================================================================ reductions

    /** Sum of all elements, as a one-element tensor. */
    public Tensor sum() { return ReduceOps.sumAll(this); }
    /** Sum along {@code dim}; {@code keepdim} keeps it with size 1. */
    public Tensor sum(int dim, boolean keepdim) { return ReduceOps.sum(this, new int[]{dim}, keepdim); }
    /** Sum along several dimensions; {@code keepdim} keeps them with size 1. */
    public Tensor sum(int[] dims, boolean keepdim) { return ReduceOps.sum(this, dims, keepdim); }
    /** Mean of all elements, as a one-element tensor. */
    public Tensor mean() { return sum().mul(1f / numel()); }
    /** Mean along {@code dim}; {@code keepdim} keeps it with size 1. */
    public Tensor mean(int dim, boolean keepdim) { return sum(dim, keepdim).mul(1f / size(dim)); }
    /** Mean along several dimensions; {@code keepdim} keeps them with size 1. */
    public Tensor mean(int[] dims, boolean keepdim) {
        int n = 1;
        for (int d : dims) n *= size(d);
        return sum(dims, keepdim).mul(1f / n);
    }
    /** Maximum along {@code dim}; {@code keepdim} keeps it with size 1. */
    public Tensor max(int dim, boolean keepdim) { return ReduceOps.max(this, dim, keepdim); }
    /** Index of the first maximum along dim (as floats; no gradient). */
    public Tensor argmax(int dim, boolean keepdim) { return ReduceOps.argmax(this, dim, keepdim); }

    // ================================================================ nn primitives

    /** Matrix product with PyTorch's {@code matmul} rules (batched, broadcasting batch dimensions). */
    public Tensor matmul(Tensor o) { return MatMulOps.matmul(this, o); }
    /** Softmax along {@code dim}. */
    public Tensor softmax(int dim) { return NormOps.softmax(this, dim, false); }
    /** Log-softmax along {@code dim} (stable: x - logsumexp). */
    public Tensor logSoftmax(int dim) { return NormOps.softmax(this, dim, true); }
    /** Layer norm over the last dimension; weight and bias may be null. */
    public Tensor layerNorm(Tensor weight, Tensor bias, float eps) { return NormOps.layerNorm(this, weight, bias, eps); }
    /** x / max(||x||_2, eps) along dim (PyTorch's F.normalize, eps 1e-12). */
    public Tensor l2Normalize(int dim) {
        Tensor norm = mul(this).sum(dim, true).sqrt().clampMin(1e-12f);
        return div(norm);
    }

    /** Cosine similarity of {@code a} and {@code b} along {@code dim}, broadcasting: the sum of the {@link #l2Normalize}d operands' product. */
    public static Tensor cosineSimilarity(Tensor a, Tensor b, int dim) {
        return a.l2Normalize(dim).mul(b.l2Normalize(dim)).sum(dim, false);
    }

    /** Joins tensors along an existing dimension. */
    public static Tensor concat(int dim, List<Tensor> parts) { return ShapeOps.concat(dim, parts); }

    /** Joins tensors along an existing dimension. */
    public static Tensor concat(int dim, Tensor... parts) { return ShapeOps.concat(dim, List.of(parts)); }

    /** Joins tensors along a new dimension inserted at {@code dim}. */
    public static Tensor stack(int dim, List<Tensor> parts) { return ShapeOps.stack(dim, parts); }

    /** Joins tensors along a new dimension inserted at {@code dim}. */
    public static Tensor stack(int dim, Tensor... parts) { return ShapeOps.stack(dim, List.of(parts)); }

    /** Rows of a [n, cols] table (embedding lookup); out has shape [idx.length, cols]. */
    public static Tensor gatherRows(Tensor table, int[] idx) { return IndexOps.gatherRows(table, idx); }

    @Override
    public String toString() {
        return "Tensor" + Shapes.str(shape) + " on " + backend().name() + (requiresGrad ? " requiresGrad" : "")
                + (node != null ? " (" + node.op + ")" : "");
    }
}
