package org.jfsac.core.tensor;

import java.util.ArrayList;
import java.util.List;

/** Concatenation and stacking: copies into windows of one output buffer. */
final class ShapeOps {
    private ShapeOps() {}

    static Tensor concat(int dim, List<Tensor> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat of no tensors");
        Tensor first = parts.get(0);
        int d = Shapes.axis(dim, first.dim());
        int total = 0;
        for (Tensor p : parts) {
            ElementwiseOps.sameDevice("concat", first, p);
            if (p.dim() != first.dim()) throw new IllegalArgumentException("concat: ranks differ: " + Shapes.str(first.shape) + " and " + Shapes.str(p.shape));
            for (int i = 0; i < p.dim(); i++)
                if (i != d && p.shape[i] != first.shape[i])
                    throw new IllegalArgumentException("concat along " + d + ": shapes " + Shapes.str(first.shape) + " and " + Shapes.str(p.shape) + " differ in dimension " + i);
            total += p.shape[d];
        }
        int[] s = first.shape.clone();
        s[d] = total;
        Tensor out = Tensor.empty(first.backend(), s);
        int at = 0;
        int[] starts = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            starts[i] = at;
            out.detach().narrow(d, at, p.shape[d]).copyFrom(p);
            at += p.shape[d];
        }
        Tensor[] ins = parts.toArray(new Tensor[0]);
        return Autograd.record("concat", out, g -> {
            Tensor[] gs = new Tensor[ins.length];
            for (int i = 0; i < ins.length; i++) gs[i] = g.narrow(d, starts[i], ins[i].shape[d]);
            return gs;
        }, ins);
    }

    static Tensor stack(int dim, List<Tensor> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("stack of no tensors");
        int d = dim < 0 ? dim + parts.get(0).dim() + 1 : dim;
        List<Tensor> us = new ArrayList<>(parts.size());
        for (Tensor p : parts) {
            if (!java.util.Arrays.equals(p.shape, parts.get(0).shape))
                throw new IllegalArgumentException("stack: shapes " + Shapes.str(parts.get(0).shape) + " and " + Shapes.str(p.shape) + " differ");
            us.add(p.unsqueeze(d));
        }
        return concat(d, us);
    }
}
