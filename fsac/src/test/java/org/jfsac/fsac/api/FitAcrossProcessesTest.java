package org.jfsac.fsac.api;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, defect 12: a fit is bit-identical across processes for the same seed, machine and thread count.
 * Two child JVMs run the same small fit; one is held at C1 ({@code -XX:TieredStopAtLevel=1}), so none of its
 * Vector API code is ever intrinsified, while the other reaches C2 in the middle of the fit. Before the CPU
 * kernels' exp and lane sums were made JIT-independent the two heads differed in the last bits.
 */
class FitAcrossProcessesTest {
    @TempDir Path dir;

    /** One fit: writes the head's bytes and the test images' scores (as exact bits) under args[0]. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path out = Path.of(args[0]);
            FsacConfig cfg = FsacConfig.preset("mvtec");
            cfg.epochs = Integer.parseInt(args[1]);
            cfg.prompts = FsacConfig.PromptSet.EXP; // 40 prompts instead of 231: the C1-only child runs the Vector API's slow fallback
            var clip = DemoModel.backbone(Devices.cpu(), 64, 0);
            FsacClassifier c = FsacClassifier.create(clip, "disc", cfg).fit(images("train", 2), 7);
            Files.write(out.resolve("head.bin"), c.toBytes());
            StringBuilder s = new StringBuilder();
            for (double v : c.score(images("test", 4))) s.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ').append(v).append('\n');
            Files.writeString(out.resolve("scores.txt"), s);
        }

        private static List<BufferedImage> images(String split, int n) {
            List<BufferedImage> out = new ArrayList<>();
            for (int i = 0; i < n; i++) out.add(DemoDataset.normal(DemoClass.DISC, 64, 1, split, i).toBufferedImage());
            return out;
        }
    }

    private Process start(Path out, String... jvmFlags) throws Exception {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-Djfsac.threads=2"));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(), out.toString(), "2"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("log.txt").toFile()).start();
    }

    private static void await(Process p, Path out) throws Exception {
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child fit finished");
        assertEquals(0, p.exitValue(), Files.readString(out.resolve("log.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void twoJvmsWithDifferentJitHistoriesFitTheSameHeadBitForBit() throws Exception {
        Path a = dir.resolve("default"), b = dir.resolve("c1-only");
        Process pa = start(a), pb = start(b, "-XX:TieredStopAtLevel=1");
        try {
            await(pa, a);
            await(pb, b);
        } finally {
            pa.destroyForcibly();
            pb.destroyForcibly();
        }
        assertEquals(Files.readString(a.resolve("scores.txt")), Files.readString(b.resolve("scores.txt")), "scores, bit for bit");
        assertArrayEquals(Files.readAllBytes(a.resolve("head.bin")), Files.readAllBytes(b.resolve("head.bin")), "head bytes");
    }
}
