package org.jfsac.bench.cuda;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.View;

/** GEMM rates on the transformer's shapes (x W^T, row-major, as the model's linear layers run them). */
final class GemmThroughput {
    private GemmThroughput() {}

    /** m, n, k of the ViT-B-16 linear layers at batch 64 (64 x 197 tokens) and at batch 1. */
    static final int[][] SHAPES = {
        {64 * 197, 2304, 768}, {64 * 197, 3072, 768}, {64 * 197, 768, 3072}, {197, 768, 768}, {197, 3072, 768},
    };

    static void run(Backend be, String precision, BenchTable table) {
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            Buffer x = be.allocate(m * k), w = be.allocate(n * k), y = be.allocate(m * n);
            be.fill(View.contiguous(x, m * k), 0.01f);
            be.fill(View.contiguous(w, n * k), 0.02f);
            double sec = Timer.mean(be, 2, 10, () -> be.gemm(false, true, m, n, k, 1f, x, 0, k, 0, w, 0, k, 0, 0f, y, 0, n, 0, 1));
            table.add("gemm", m + "x" + n + "x" + k, precision, 1, 2.0 * m * n * k / sec / 1e12, "TFLOP/s");
            x.release();
            w.release();
            y.release();
        }
    }
}
