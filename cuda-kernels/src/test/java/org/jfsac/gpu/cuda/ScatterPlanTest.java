package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The segment plan of scatterAddRows, executed in Java exactly as scatter_add_rows executes it,
 * must equal a naive scatter-add bit for bit (same addition order: duplicates in source order).
 */
class ScatterPlanTest {

    @Test
    void planReproducesNaiveScatterAddInSourceOrder() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 100; trial++) {
            int rows = rnd.nextInt(1, 20), tableRows = rnd.nextInt(1, 6), cols = rnd.nextInt(1, 4);
            int[] idx = new int[rows];
            for (int i = 0; i < rows; i++) idx[i] = rnd.nextInt(tableRows);
            float[] grad = new float[rows * cols];
            for (int i = 0; i < grad.length; i++) grad[i] = (float) rnd.nextDouble(-1, 1);
            float[] table0 = new float[tableRows * cols];
            for (int i = 0; i < table0.length; i++) table0[i] = (float) rnd.nextDouble(-1, 1);

            float[] expected = table0.clone();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) expected[idx[r] * cols + c] += grad[r * cols + c];
            }

            int[] plan = CudaIndexing.segments(idx);
            int nseg = (plan.length - rows - 1) / 2;
            assertEquals(rows + 2 * nseg + 1, plan.length);
            float[] actual = table0.clone();
            for (int s = 0; s < nseg; s++) {
                int p0 = plan[rows + s], p1 = plan[rows + s + 1], target = plan[rows + nseg + 1 + s];
                for (int c = 0; c < cols; c++) {
                    float acc = actual[target * cols + c];
                    for (int p = p0; p < p1; p++) acc += grad[plan[p] * cols + c];
                    actual[target * cols + c] = acc;
                }
            }
            assertArrayEquals(expected, actual, 0f, "trial " + trial);
        }
    }
}
