package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.Checks;
import org.jfsac.gpu.KernelConstants;
import org.jfsac.gpu.RowSegments;

/** Host side of indexing.cu (embedding gather and scatter-add) and adam.cu. */
final class CudaIndexing {

    private static final int BLOCK = KernelConstants.FLAT_WG;

    private final CudaBackend backend;
    private final int maxGroups;

    CudaIndexing(CudaBackend backend, int multiprocessors) {
        this.backend = backend;
        this.maxGroups = Math.max(1, multiprocessors) * 16;
    }

    private KernelLauncher.Shape gridStride(long n) {
        int groups = (int) Math.min(maxGroups, Math.max(1, (n + BLOCK - 1) / BLOCK));
        return new KernelLauncher.Shape(groups, 1, 1, BLOCK, 1, 1, 0);
    }

    void gatherRows(CudaBuffer table, int[] idx, int cols, CudaBuffer out) {
        String what = "gatherRows of " + idx.length + " rows x " + cols + " from " + table;
        Checks.indices("gatherRows", idx, cols, table.size());
        CudaRows.need(out, (long) idx.length * cols, what);
        if (idx.length == 0 || cols == 0) return;
        CudaBuffer dIdx = backend.uploadInts(idx, "gatherRows");
        try {
            backend.launcher.launch(CudaKernels.GATHER_ROWS, gridStride((long) idx.length * cols), what,
                    idx.length, cols, table, 0, dIdx, 0, out, 0);
        } finally {
            dIdx.release();
        }
    }

    /**
     * Groups the gradient rows by target row ({@link RowSegments}), so that the kernel gives each target
     * row one writer and adds duplicates in source order: deterministic, no atomics.
     */
    void scatterAddRows(CudaBuffer grad, int[] idx, int cols, CudaBuffer tableGrad) {
        String what = "scatterAddRows of " + idx.length + " rows x " + cols + " into " + tableGrad;
        Checks.indices("scatterAddRows", idx, cols, tableGrad.size());
        CudaRows.need(grad, (long) idx.length * cols, what);
        if (idx.length == 0 || cols == 0) return;
        RowSegments seg = RowSegments.of(idx);
        int n = idx.length, nseg = seg.segments();
        // One upload: [src (n) | start (nseg + 1) | target (nseg)].
        int[] plan = new int[n + 2 * nseg + 1];
        System.arraycopy(seg.src(), 0, plan, 0, n);
        System.arraycopy(seg.start(), 0, plan, n, nseg + 1);
        System.arraycopy(seg.target(), 0, plan, n + nseg + 1, nseg);
        CudaBuffer dPlan = backend.uploadInts(plan, "scatterAddRows");
        try {
            backend.launcher.launch(CudaKernels.SCATTER_ADD_ROWS, gridStride((long) nseg * cols), what,
                    nseg, cols, grad, 0, dPlan, 0, dPlan, n, dPlan, n + nseg + 1, tableGrad, 0);
        } finally {
            dPlan.release();
        }
    }

    void adamStep(CudaBuffer param, CudaBuffer grad, CudaBuffer m, CudaBuffer v, int n, float lr, float beta1,
                  float beta2, float eps, float weightDecay, boolean decoupled, int step) {
        String what = "adamStep of " + n + " parameters, step " + step;
        for (CudaBuffer b : new CudaBuffer[] {param, grad, m, v}) CudaRows.need(b, n, what);
        if (n == 0) return;
        // The step's scalars in the same float arithmetic as the CPU reference.
        float bc1 = 1f - (float) Math.pow(beta1, step);
        float bc2 = 1f - (float) Math.pow(beta2, step);
        float stepSize = lr / bc1;
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = decoupled ? 1f - lr * weightDecay : weightDecay;
        backend.launcher.launch(CudaKernels.ADAM_STEP, gridStride(n), what,
                n, param, grad, m, v, beta1, beta2, eps, decay, decoupled ? 1 : 0, stepSize, bc2Sqrt);
    }
}
