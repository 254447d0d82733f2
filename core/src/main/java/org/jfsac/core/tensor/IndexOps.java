package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;

/** Row gathering (embedding lookup) with scatter-add backward. */
final class IndexOps {
    private IndexOps() {}

    static Tensor gatherRows(Tensor table, int[] idx) {
        if (table.dim() != 2) throw new IllegalArgumentException("gatherRows: table must be 2-D, got " + Shapes.str(table.shape));
        int rows = table.shape[0], cols = table.shape[1];
        for (int i : idx) if (i < 0 || i >= rows) throw new IndexOutOfBoundsException("gatherRows: index " + i + " out of range for " + rows + " rows");
        Tensor tp = table.packed();
        Backend be = table.backend();
        Tensor out = Tensor.empty(be, idx.length, cols);
        int[] ids = idx.clone();
        be.gatherRows(tp.storage.buffer, ids, cols, out.storage.buffer);
        return Autograd.record("gather_rows", out, g -> {
            Tensor gt = Tensor.zeros(be, rows, cols);
            be.scatterAddRows(g.packed().storage.buffer, ids, cols, gt.storage.buffer);
            return new Tensor[]{gt};
        }, tp);
    }
}
