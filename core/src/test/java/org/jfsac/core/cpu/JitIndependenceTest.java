package org.jfsac.core.cpu;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Functional;
import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Issue 11, defect 12: the CPU kernels give the same bits whether their code is interpreted or compiled by C2
 * (the Vector API's EXP and lane sums did not), on both the Vector-API and the scalar path (whose Math.exp, log
 * and pow HotSpot computes with the same stubs in every tier). Each child JVM
 * prints a digest of the exp-heavy ops' outputs; one child never compiles, the other runs the ops until C2
 * has compiled them and checks that every repetition matched the first.
 */
class JitIndependenceTest {
    /** Child: args[0] repetitions; prints one digest of all outputs, or fails if a repetition differs. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            int reps = Integer.parseInt(args[0]);
            String first = digest();
            for (int r = 1; r < reps; r++) {
                String again = digest();
                if (!again.equals(first)) throw new AssertionError("repetition " + r + " differs: " + again + " vs " + first);
            }
            System.out.println("digest " + first + " " + CpuBackend.get().describe());
        }

        /** Lengths 53 and 37 leave tails on every vector width; the spread reaches exp's overflow and underflow. */
        static String digest() throws Exception {
            Rng rng = new Rng(11);
            Tensor x = rng.normal(Devices.cpu(), 0, 40, 37, 53);
            Tensor q = rng.normal(Devices.cpu(), 0, 1, 1, 2, 37, 16), k = rng.normal(Devices.cpu(), 0, 1, 1, 2, 37, 16),
                    v = rng.normal(Devices.cpu(), 0, 1, 1, 2, 37, 16);
            Tensor small = x.div(10f);
            List<Tensor> outs = new ArrayList<>(List.of(x.exp(), small.gelu(), small.quickGelu(), x.softmax(1),
                    x.logSoftmax(1), x.softmax(0), small.sigmoid(), small.tanh(), x.abs().log(), x.abs().pow(0.37f)));
            Tensor xg = small.detach().requiresGrad(true);
            xg.gelu().sum().backward();
            outs.add(xg.grad());
            Tensor qg = q.detach().requiresGrad(true);
            Tensor a = Functional.attention(qg, k, v, null, false, 0.25f);
            a.mul(v).sum().backward();
            outs.add(a);
            outs.add(qg.grad());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Tensor t : outs) {
                float[] f = t.toArray();
                ByteBuffer b = ByteBuffer.allocate(4 * f.length);
                for (float e : f) b.putInt(Float.floatToRawIntBits(e));
                md.update(b.array());
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static String run(boolean vectorModule, int reps, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (vectorModule) cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), Integer.toString(reps)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String digest(String out) {
        return out.lines().filter(l -> l.startsWith("digest ")).findFirst().orElseThrow(() -> new AssertionError(out)).split(" ")[1];
    }

    private static void interpretedEqualsCompiled(boolean vectorModule) throws Exception {
        String interpreted = run(vectorModule, 1, "-Xint");
        // C2 only (-Xbatch: compiled in the foreground, so the repetitions after a compilation surely run its code)
        String compiled = run(vectorModule, 40, "-XX:-TieredCompilation", "-Xbatch", "-XX:+PrintCompilation");
        assertTrue(compiled.contains("org.jfsac.core.cpu.Cpu" + (vectorModule ? "Vector::exp" : "Rows::softmaxRow")),
                "C2 compiled the kernels: " + compiled.lines().filter(l -> l.contains("jfsac.core.cpu")).toList());
        assertTrue(interpreted.contains("exp/GELU/softmax: " + (vectorModule ? "SIMD" : "scalar")), interpreted);
        assertEquals(digest(interpreted), digest(compiled), "interpreted and C2-compiled kernels give the same bits");
    }

    /** The children choose their own path; running this again in the build's second execution would add nothing. */
    @BeforeEach
    void onceInTheBuild() {
        assumeFalse("absent".equals(System.getProperty("jfsac.test.vectorModule")), "runs in the default surefire execution");
    }

    @Test
    void vectorPathIsTheSameInterpretedAndCompiled() throws Exception {
        interpretedEqualsCompiled(true);
    }

    @Test
    void scalarPathIsTheSameInterpretedAndCompiled() throws Exception {
        interpretedEqualsCompiled(false);
    }
}
