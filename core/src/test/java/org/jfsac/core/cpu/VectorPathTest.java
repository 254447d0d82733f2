package org.jfsac.core.cpu;

import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend runs with and without {@code jdk.incubator.vector}. The build runs this module's suite twice:
 * once with the module (default execution) and once without it (execution "without-vector-api", which sets
 * {@code jfsac.test.vectorModule=absent}), so the scalar path is exercised by every test, not just this one.
 */
class VectorPathTest {
    private static final boolean MODULE_EXPECTED = !"absent".equals(System.getProperty("jfsac.test.vectorModule"));

    /** Guards the build itself: the second execution must really run without the module. */
    @Test
    void theJvmHasTheModuleExactlyWhenTheBuildSaysSo() {
        assertEquals(MODULE_EXPECTED, ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertEquals(MODULE_EXPECTED && Boolean.parseBoolean(System.getProperty("jfsac.vector", "true")), VectorSupport.AVAILABLE);
        assertTrue(CpuBackend.get().describe().contains(VectorSupport.DESCRIPTION));
    }

    /** The code path of the old failure (NoClassDefFoundError at CpuRows.softmaxRow without the module). */
    @Test
    void softmaxGeluAndExpRunOnEitherPath() {
        float[] x = {0f, (float) Math.log(2), (float) Math.log(3)};
        assertArrayEquals(new float[]{1 / 6f, 2 / 6f, 3 / 6f}, Tensor.of(x, 3).softmax(0).toArray(), 1e-7f);
        // exp(ln 2) = 2 and gelu(0) = 0 exactly on both paths; a long row reaches the SIMD loop body where present
        float[] row = new float[67];
        java.util.Arrays.fill(row, (float) Math.log(2));
        for (float v : Tensor.of(row, 67).exp().toArray()) assertEquals(2f, v, 2e-7f);
        for (float v : Tensor.of(new float[67], 67).gelu().toArray()) assertEquals(0f, v, 0f);
        assertFalse(Float.isNaN(Tensor.of(row, 1, 67).softmax(1).toArray()[66]));
    }
}
