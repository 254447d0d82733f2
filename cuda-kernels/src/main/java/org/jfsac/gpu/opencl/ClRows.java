package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Checks;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.View;
import org.jfsac.gpu.KernelConstants;
import org.jfsac.gpu.KernelSources;

/**
 * Host side of reduce.cu, softmax.cu and layernorm.cu (the counterpart of CudaRows): row kernels run one group
 * of rowWg items per row (one item per row in the CPU forms); column reductions one item per output column
 * (per CPU_COLS columns in the CPU forms). The caller holds the backend's lock.
 */
final class ClRows {
    private static final int CPU_COLS = KernelSources.intDefine("reduce.cu", "CPU_COLS");
    private static final int LN_ROWS_PER_CHUNK = KernelConstants.LN_ROWS_PER_CHUNK;

    private final OpenClBackend backend;

    ClRows(OpenClBackend backend) {
        this.backend = backend;
    }

    void reduce(ReduceOp op, ClBuffer x, int offset, int outer, int n, int inner, ClBuffer out) {
        Checks.reduce(op, x, offset, outer, n, inner, out);
        if (outer * inner == 0) return;
        if (n == 0) { // the sum of nothing (Checks rejects the other ops of an empty axis)
            backend.fill(View.contiguous(out, outer * inner), 0f);
            return;
        }
        backend.guard(() -> "reduce " + op + " [" + outer + ", " + n + ", " + inner + "] @" + offset, () -> {
            if (inner == 1) {
                backend.kernel("reduce.cu", "reduce_rows").arg(op.ordinal()).arg(n).arg(x).arg(offset).arg(out).arg(0)
                        .run1(outer, backend.rowWg());
            } else {
                reduceCols(op, outer, n, inner, x, offset, out);
            }
        });
    }

    void softmax(Buffer x, Buffer y, int rows, int cols, boolean log) {
        ClBuffer xb = backend.rowsBuffer(x, rows, cols, "softmax input"), yb = backend.rowsBuffer(y, rows, cols, "softmax output");
        if (rows * cols == 0) return;
        backend.guard(() -> "softmax [" + rows + ", " + cols + "]", () ->
                backend.kernel("softmax.cu", "softmax_forward").arg(cols).arg(log).arg(xb).arg(yb).run1(rows, backend.rowWg()));
    }

    void softmaxBackward(Buffer y, Buffer gy, Buffer gx, int rows, int cols, boolean log) {
        ClBuffer yb = backend.rowsBuffer(y, rows, cols, "softmax output");
        ClBuffer gyb = backend.rowsBuffer(gy, rows, cols, "softmax output gradient");
        ClBuffer gxb = backend.rowsBuffer(gx, rows, cols, "softmax input gradient");
        if (rows * cols == 0) return;
        backend.guard(() -> "softmaxBackward [" + rows + ", " + cols + "]", () ->
                backend.kernel("softmax.cu", "softmax_backward").arg(cols).arg(log).arg(yb).arg(gyb).arg(gxb).run1(rows, backend.rowWg()));
    }

    void layerNorm(Buffer x, Buffer w, Buffer b, Buffer y, Buffer mean, Buffer rstd, int rows, int cols, float eps) {
        ClBuffer xb = backend.rowsBuffer(x, rows, cols, "layerNorm input"), yb = backend.rowsBuffer(y, rows, cols, "layerNorm output");
        ClBuffer wb = w == null ? backend.dummy() : backend.rowsBuffer(w, 1, cols, "layerNorm weight");
        ClBuffer bb = b == null ? backend.dummy() : backend.rowsBuffer(b, 1, cols, "layerNorm bias");
        ClBuffer mb = backend.rowsBuffer(mean, rows, 1, "layerNorm mean"), rb = backend.rowsBuffer(rstd, rows, 1, "layerNorm rstd");
        Checks.layerNormWidth(rows, cols, "layerNorm");
        if (rows == 0) return;
        backend.guard(() -> "layerNorm [" + rows + ", " + cols + "]", () ->
                backend.kernel("layernorm.cu", "layernorm_forward").arg(cols).arg(eps).arg(xb).arg(wb).arg(w != null).arg(bb)
                        .arg(b != null).arg(yb).arg(mb).arg(rb).run1(rows, backend.rowWg()));
    }

    void layerNormBackward(Buffer x, Buffer w, Buffer mean, Buffer rstd, Buffer gy, Buffer gx, Buffer gw, Buffer gb, int rows, int cols) {
        ClBuffer xb = backend.rowsBuffer(x, rows, cols, "layerNorm input");
        ClBuffer gyb = backend.rowsBuffer(gy, rows, cols, "layerNorm output gradient");
        ClBuffer gxb = backend.rowsBuffer(gx, rows, cols, "layerNorm input gradient");
        ClBuffer wb = w == null ? backend.dummy() : backend.rowsBuffer(w, 1, cols, "layerNorm weight");
        ClBuffer mb = backend.rowsBuffer(mean, rows, 1, "layerNorm mean"), rb = backend.rowsBuffer(rstd, rows, 1, "layerNorm rstd");
        ClBuffer gwb = gw == null ? null : backend.rowsBuffer(gw, 1, cols, "layerNorm weight gradient");
        ClBuffer gbb = gb == null ? null : backend.rowsBuffer(gb, 1, cols, "layerNorm bias gradient");
        Checks.layerNormWidth(rows, cols, "layerNormBackward");
        if (cols == 0) return;
        if (rows == 0) { // no rows: the column sums are zero
            if (gw != null) backend.fill(View.contiguous(gw, cols), 0f);
            if (gb != null) backend.fill(View.contiguous(gb, cols), 0f);
            return;
        }
        backend.guard(() -> "layerNormBackward [" + rows + ", " + cols + "]", () -> {
            backend.kernel("layernorm.cu", "layernorm_backward_x").arg(cols).arg(xb).arg(wb).arg(w != null).arg(mb).arg(rb).arg(gyb)
                    .arg(gxb).run1(rows, backend.rowWg());
            if (gwb == null && gbb == null) return;
            int chunks = OpenClBackend.ceilDiv(rows, LN_ROWS_PER_CHUNK);
            // One chunk writes the gradients directly; several write partial sums that reduce_cols adds in order.
            ClBuffer pw = gwb == null ? backend.dummy() : chunks == 1 ? gwb : backend.scratch(chunks * cols);
            ClBuffer pb = gbb == null ? backend.dummy() : chunks == 1 ? gbb : backend.scratch(chunks * cols);
            int local = colLocal(cols);
            backend.kernel("layernorm.cu", "layernorm_backward_wb").arg(rows).arg(cols).arg(LN_ROWS_PER_CHUNK).arg(xb).arg(mb).arg(rb)
                    .arg(gyb).arg(pw).arg(gwb != null).arg(pb).arg(gbb != null)
                    .run(new long[]{OpenClBackend.ceilDiv(cols, local), chunks}, new long[]{local, 1});
            if (chunks > 1) {
                for (ClBuffer[] pr : new ClBuffer[][]{{pw, gwb}, {pb, gbb}}) {
                    if (pr[1] == null) continue;
                    reduceCols(ReduceOp.SUM, 1, chunks, cols, pr[0], 0, pr[1]);
                    pr[0].release(); // queue order: the next user of the block runs after reduce_cols
                }
            }
        });
    }

    /**
     * reduce_cols over [outer, n, inner] into out[outer * inner]: one item per output column on GPUs, one per
     * CPU_COLS neighbouring columns (explicit SIMD, local size 1: groups balance over the cores) on CPU devices.
     */
    private void reduceCols(ReduceOp op, int outer, int n, int inner, ClBuffer x, int offset, ClBuffer out) {
        Launch k = backend.kernel("reduce.cu", "reduce_cols").arg(op.ordinal()).arg(outer).arg(n).arg(inner).arg(x).arg(offset)
                .arg(out).arg(0);
        if (backend.cpuForms()) {
            k.run1((long) outer * OpenClBackend.ceilDiv(inner, CPU_COLS), 1);
        } else {
            int local = colLocal(outer * inner);
            k.run1(OpenClBackend.ceilDiv(outer * inner, local), local);
        }
    }

    /**
     * Local size of a column-walking launch (reduce_cols on GPUs, layernorm_backward_wb) over n columns: on CPU devices,
     * about two groups per unit, each walking its columns in SIMD (a power of two: one compile per size); 256 on GPUs.
     */
    private int colLocal(int n) {
        long maxWg = backend.maxWorkGroup();
        if (!backend.cpuForms()) return (int) Math.min(KernelConstants.FLAT_WG, maxWg);
        int perUnit = OpenClBackend.ceilDiv(n, 2 * backend.units());
        return (int) Math.min(Long.highestOneBit(maxWg), Math.max(16, Integer.highestOneBit(Math.max(1, perUnit - 1)) << 1));
    }
}
