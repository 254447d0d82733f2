package org.jfsac.core.cpu;

import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

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

    /** Entry point of the child JVM below: the old failure's path (softmax), then what the backend says. */
    public static final class Probe {
        public static void main(String[] args) {
            float[] p = Tensor.of(new float[]{0f, 0f}, 2).softmax(0).toArray();
            System.out.println(p[0] + " " + CpuBackend.get().describe());
        }
    }

    /** Independent of how the build starts this JVM: a child JVM without the module runs, and logs the path once. */
    @Test
    void aJvmWithoutTheModuleRunsTheScalarPathAndLogsItOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%n", Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = out.lines().toList();
        assertEquals(List.of("INFO: jfsac CPU exp/GELU/softmax loops: scalar (start the JVM with --add-modules jdk.incubator.vector for the SIMD path)"),
                lines.stream().filter(l -> l.contains("jfsac CPU")).toList(), out);
        assertTrue(lines.get(lines.size() - 1).startsWith("0.5 ") && lines.get(lines.size() - 1).contains("exp/GELU/softmax: scalar"), out);
    }
}
