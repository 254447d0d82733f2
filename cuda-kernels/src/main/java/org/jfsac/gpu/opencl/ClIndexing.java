package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Checks;
import org.jfsac.gpu.RowSegments;

/**
 * Host side of indexing.cu (embedding gather and scatter-add) and adam.cu (the counterpart of CudaIndexing).
 * The caller holds the backend's lock.
 */
final class ClIndexing {
    /** Work-items (rows) per group of the CPU forms of gather_rows and scatter_add_rows. */
    private static final int GATHER_ROWS_PER_GROUP = 16;

    private final OpenClBackend backend;

    ClIndexing(OpenClBackend backend) {
        this.backend = backend;
    }

    void gatherRows(ClBuffer table, int[] idx, int cols, Buffer out) {
        Checks.indices("gatherRows", idx, cols, table.size());
        ClBuffer ob = backend.rowsBuffer(out, idx.length, cols, "gatherRows output");
        int n = idx.length * cols;
        if (n == 0) return;
        backend.guard(() -> "gatherRows of " + idx.length + " rows x " + cols, () -> {
            ClBuffer ib = backend.uploadInts(idx);
            Launch k = backend.kernel("indexing.cu", "gather_rows").arg(idx.length).arg(cols).arg(table).arg(0).arg(ib).arg(0)
                    .arg(ob).arg(0);
            if (backend.cpuForms()) k.runFlat(idx.length, GATHER_ROWS_PER_GROUP); // CPU form: one item per row
            else k.runFlat(n, backend.flatLocal());
            ib.release();
        });
    }

    /**
     * Groups the gradient rows by target row ({@link RowSegments}), so that the kernel gives each target row one
     * writer and adds duplicates in source order: deterministic, no atomics.
     */
    void scatterAddRows(Buffer grad, int[] idx, int cols, ClBuffer tableGrad) {
        Checks.indices("scatterAddRows", idx, cols, tableGrad.size());
        ClBuffer gb = backend.rowsBuffer(grad, idx.length, cols, "scatterAddRows gradient");
        if (idx.length == 0) return;
        RowSegments seg = RowSegments.of(idx);
        int n = idx.length, segs = seg.segments();
        backend.guard(() -> "scatterAddRows of " + n + " rows x " + cols, () -> {
            // One upload: [src (n) | start (segs + 1) | target (segs)].
            int[] plan = new int[n + 2 * segs + 1];
            System.arraycopy(seg.src(), 0, plan, 0, n);
            System.arraycopy(seg.start(), 0, plan, n, segs + 1);
            System.arraycopy(seg.target(), 0, plan, n + segs + 1, segs);
            ClBuffer ib = backend.uploadInts(plan);
            Launch k = backend.kernel("indexing.cu", "scatter_add_rows").arg(segs).arg(cols).arg(gb).arg(0).arg(ib).arg(0).arg(ib)
                    .arg(n).arg(ib).arg(n + segs + 1).arg(tableGrad).arg(0);
            if (backend.cpuForms()) k.runFlat(segs, GATHER_ROWS_PER_GROUP); // CPU form: one item per target row
            else k.runFlat(segs * cols, backend.flatLocal());
            ib.release();
        });
    }

    void adamStep(Buffer param, Buffer grad, Buffer m, Buffer v, int n, float lr, float beta1, float beta2, float eps,
                  float weightDecay, boolean decoupled, int step) {
        ClBuffer pb = backend.rowsBuffer(param, n, 1, "adam parameters"), gb = backend.rowsBuffer(grad, n, 1, "adam gradient");
        ClBuffer mb = backend.rowsBuffer(m, n, 1, "adam first moment"), vb = backend.rowsBuffer(v, n, 1, "adam second moment");
        if (step < 1) throw new IllegalArgumentException("adamStep: step is 1-based, got " + step);
        if (n == 0) return;
        // The step's scalars in the CPU reference's float arithmetic (PyTorch's foreach=False order).
        float stepSize = lr / (1f - (float) Math.pow(beta1, step));
        float bc2Sqrt = (float) Math.sqrt(1f - (float) Math.pow(beta2, step));
        float decay = decoupled ? 1f - lr * weightDecay : weightDecay;
        backend.guard(() -> "adamStep n=" + n, () ->
                backend.kernel("adam.cu", "adam_step").arg(n).arg(pb).arg(gb).arg(mb).arg(vb).arg(beta1).arg(beta2).arg(eps).arg(decay)
                        .arg(decoupled).arg(stepSize).arg(bc2Sqrt).runFlat(n, backend.flatLocal()));
    }
}
