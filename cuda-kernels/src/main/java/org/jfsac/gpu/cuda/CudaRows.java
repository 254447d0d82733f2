package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.gpu.KernelConstants;

/**
 * Host side of reduce.cu, softmax.cu and layernorm.cu: row kernels run one group of
 * {@link KernelConstants#ROW_WG} threads per row; column reductions one thread per output.
 */
final class CudaRows {

    /** Rows summed by one group of the layer-norm weight-gradient kernel before the chunks are added up. */
    private static final int LAYERNORM_ROWS_PER_CHUNK = KernelConstants.LN_ROWS_PER_CHUNK;

    /** Local size of the one-thread-per-output kernels. */
    private static final int FLAT_WG = KernelConstants.FLAT_WG;

    private final CudaBackend backend;

    CudaRows(CudaBackend backend) {
        this.backend = backend;
    }

    private static KernelLauncher.Shape perRow(int rows) {
        return new KernelLauncher.Shape(rows, 1, 1, KernelConstants.ROW_WG, 1, 1, 0);
    }

    void reduce(ReduceOp op, CudaBuffer x, int offset, int outer, int n, int inner, CudaBuffer out) {
        String what = "reduce " + op + " [" + outer + ", " + n + ", " + inner + "] of " + x.at(offset);
        Checks.reduce(op, x, offset, outer, n, inner, out);
        if (outer == 0 || inner == 0) return;
        if (n == 0) { // the sum of nothing (Checks rejects the other ops of an empty axis)
            backend.launcher.launch(CudaKernels.FILL_CONTIG, KernelLauncher.Shape.linear((long) outer * inner, FLAT_WG), what,
                    outer * inner, 0f, out, 0);
            return;
        }
        if (inner == 1) {
            backend.launcher.launch(CudaKernels.REDUCE_ROWS, perRow(outer), what, op.ordinal(), n, x, offset, out, 0);
        } else {
            backend.launcher.launch(CudaKernels.REDUCE_COLS, KernelLauncher.Shape.linear((long) outer * inner, FLAT_WG), what,
                    op.ordinal(), outer, n, inner, x, offset, out, 0);
        }
    }

    void softmax(CudaBuffer x, CudaBuffer y, int rows, int cols, boolean log) {
        String what = (log ? "logSoftmax" : "softmax") + " [" + rows + ", " + cols + "]";
        need(x, (long) rows * cols, what);
        need(y, (long) rows * cols, what);
        if (rows == 0 || cols == 0) return;
        backend.launcher.launch(CudaKernels.SOFTMAX_FORWARD, perRow(rows), what, cols, log ? 1 : 0, x, y);
    }

    void softmaxBackward(CudaBuffer y, CudaBuffer gy, CudaBuffer gx, int rows, int cols, boolean log) {
        String what = (log ? "logSoftmax" : "softmax") + " backward [" + rows + ", " + cols + "]";
        for (CudaBuffer b : new CudaBuffer[] {y, gy, gx}) need(b, (long) rows * cols, what);
        if (rows == 0 || cols == 0) return;
        backend.launcher.launch(CudaKernels.SOFTMAX_BACKWARD, perRow(rows), what, cols, log ? 1 : 0, y, gy, gx);
    }

    void layerNorm(CudaBuffer x, CudaBuffer w, CudaBuffer b, CudaBuffer y, CudaBuffer mean, CudaBuffer rstd,
                   int rows, int cols, float eps) {
        String what = "layerNorm [" + rows + ", " + cols + "]";
        need(x, (long) rows * cols, what);
        need(y, (long) rows * cols, what);
        if (w != null) need(w, cols, what);
        if (b != null) need(b, cols, what);
        need(mean, rows, what);
        need(rstd, rows, what);
        Checks.layerNormWidth(rows, cols, "layerNorm");
        if (rows == 0) return;
        backend.launcher.launch(CudaKernels.LAYERNORM_FORWARD, perRow(rows), what,
                cols, eps, x, w, w != null ? 1 : 0, b, b != null ? 1 : 0, y, mean, rstd);
    }

    void layerNormBackward(CudaBuffer x, CudaBuffer w, CudaBuffer mean, CudaBuffer rstd, CudaBuffer gy,
                           CudaBuffer gx, CudaBuffer gw, CudaBuffer gb, int rows, int cols) {
        String what = "layerNorm backward [" + rows + ", " + cols + "]";
        for (CudaBuffer t : new CudaBuffer[] {x, gy, gx}) need(t, (long) rows * cols, what);
        for (CudaBuffer t : new CudaBuffer[] {w, gw, gb}) if (t != null) need(t, cols, what);
        need(mean, rows, what);
        need(rstd, rows, what);
        Checks.layerNormWidth(rows, cols, "layerNormBackward");
        if (cols == 0) return;
        if (rows > 0) {
            backend.launcher.launch(CudaKernels.LAYERNORM_BACKWARD_X, perRow(rows), what,
                    cols, x, w, w != null ? 1 : 0, mean, rstd, gy, gx);
        }
        if (gw == null && gb == null) return;
        // Column sums in two deterministic steps: partial sums per chunk of rows, then the chunks added up.
        // One chunk writes the gradients directly; several write partials that reduce_cols adds in order.
        int chunks = Math.max(1, (rows + LAYERNORM_ROWS_PER_CHUNK - 1) / LAYERNORM_ROWS_PER_CHUNK);
        boolean direct = chunks == 1;
        CudaBuffer pw = gw == null ? null : direct ? gw : backend.allocateScratch(chunks * cols);
        CudaBuffer pb = gb == null ? null : direct ? gb : backend.allocateScratch(chunks * cols);
        try {
            if (rows == 0) {
                // No rows: the sums are zero (the chunk kernel would leave its partials unwritten).
                if (gw != null) backend.launcher.launch(CudaKernels.FILL_CONTIG, KernelLauncher.Shape.linear(cols, FLAT_WG),
                        what, cols, 0f, gw, 0);
                if (gb != null) backend.launcher.launch(CudaKernels.FILL_CONTIG, KernelLauncher.Shape.linear(cols, FLAT_WG),
                        what, cols, 0f, gb, 0);
                return;
            }
            backend.launcher.launch(CudaKernels.LAYERNORM_BACKWARD_WB,
                    new KernelLauncher.Shape((cols + FLAT_WG - 1) / FLAT_WG, chunks, 1, FLAT_WG, 1, 1, 0), what,
                    rows, cols, LAYERNORM_ROWS_PER_CHUNK, x, mean, rstd, gy, pw, gw != null ? 1 : 0, pb, gb != null ? 1 : 0);
            if (direct) return;
            KernelLauncher.Shape sum = KernelLauncher.Shape.linear(cols, FLAT_WG);
            if (gw != null) backend.launcher.launch(CudaKernels.REDUCE_COLS, sum, what,
                    ReduceOp.SUM.ordinal(), 1, chunks, cols, pw, 0, gw, 0);
            if (gb != null) backend.launcher.launch(CudaKernels.REDUCE_COLS, sum, what,
                    ReduceOp.SUM.ordinal(), 1, chunks, cols, pb, 0, gb, 0);
        } finally {
            // Stream order makes early release safe: later users of the blocks run after these kernels.
            if (pw != null && !direct) pw.release();
            if (pb != null && !direct) pb.release();
        }
    }

    /** The buffer holds at least n floats. */
    static void need(CudaBuffer b, long n, String what) {
        Checks.range(b.size(), 0, n, what);
    }
}
