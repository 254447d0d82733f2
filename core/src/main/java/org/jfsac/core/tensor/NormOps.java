package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;

/** Softmax / log-softmax and layer norm: fused row kernels with fused backward kernels. */
final class NormOps {
    private NormOps() {}

    static Tensor softmax(Tensor x, int dim, boolean log) {
        int d = Shapes.axis(dim, x.dim());
        if (d != x.dim() - 1) return softmax(x.transpose(d, -1), -1, log).transpose(d, -1);
        Tensor p = x.packed();
        int cols = x.dim() == 0 ? 1 : x.shape[d], rows = p.numel() / Math.max(1, cols);
        Backend be = x.backend();
        Tensor y = Tensor.empty(be, p.shape);
        be.softmax(p.storage.buffer, y.storage.buffer, rows, cols, log);
        return Autograd.record(log ? "log_softmax" : "softmax", y, g -> {
            Tensor gp = g.packed();
            Tensor gx = Tensor.empty(be, p.shape);
            be.softmaxBackward(y.storage.buffer, gp.storage.buffer, gx.storage.buffer, rows, cols, log);
            return new Tensor[]{gx};
        }, p);
    }

    static Tensor layerNorm(Tensor x, Tensor w, Tensor b, float eps) {
        int cols = x.shape[x.dim() - 1];
        if (w != null && (w.dim() != 1 || w.shape[0] != cols))
            throw new IllegalArgumentException("layerNorm: weight " + Shapes.str(w.shape) + " does not match input " + Shapes.str(x.shape));
        if (b != null && (b.dim() != 1 || b.shape[0] != cols))
            throw new IllegalArgumentException("layerNorm: bias " + Shapes.str(b.shape) + " does not match input " + Shapes.str(x.shape));
        Tensor p = x.packed();
        Tensor wp = w == null ? null : w.packed(), bp = b == null ? null : b.packed();
        int rows = p.numel() / cols;
        Backend be = x.backend();
        Tensor y = Tensor.empty(be, p.shape), mean = Tensor.empty(be, rows), rstd = Tensor.empty(be, rows);
        be.layerNorm(p.storage.buffer, buf(wp), buf(bp), y.storage.buffer, mean.storage.buffer, rstd.storage.buffer, rows, cols, eps);
        return Autograd.record("layer_norm", y, g -> {
            Tensor gp = g.packed();
            Tensor gx = Tensor.empty(be, p.shape);
            Tensor gw = w != null && w.requiresGrad ? Tensor.empty(be, cols) : null;
            Tensor gb = b != null && b.requiresGrad ? Tensor.empty(be, cols) : null;
            be.layerNormBackward(p.storage.buffer, buf(wp), mean.storage.buffer, rstd.storage.buffer, gp.storage.buffer,
                    gx.storage.buffer, buf(gw), buf(gb), rows, cols);
            return new Tensor[]{gx, gw, gb};
        }, p, wp, bp);
    }

    private static Buffer buf(Tensor t) { return t == null ? null : t.storage.buffer; }
}
