package org.jfsac.spark;

import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.tools.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./jfsac run ... --spark local[2]}: the command line finds jfsac-spark through ServiceLoader and the
 * folder it writes reads as the same command's without {@code --spark}.
 */
class SparkRunCommandTest {
    @TempDir static Path tmp;
    private static Path single, spark;

    private static Path data, fixture;

    @BeforeAll
    static void runBoth() throws Exception {
        data = tmp.resolve("data");
        DemoDataset.generate(data, 3, new DemoDataset.Config(48, 3, 2, 2, List.of(DemoClass.DISC, DemoClass.GRID)));
        fixture = Path.of(System.getProperty("jfsac.testdata", "../testdata")).resolve("openclip/tiny-gelu");
        single = tmp.resolve("single");
        spark = tmp.resolve("spark");
        assertEquals(0, Main.run(run(single)));
        sparkLog = stderrOf(run(spark, "--spark", "local[2]"));
    }

    private static String sparkLog;

    /** Runs the command line (exit code 0 expected); returns what it wrote on stderr. */
    private static String stderrOf(String[] args) {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run(args));
        } finally {
            System.setErr(err);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    /** The command line of a small run into out (two classes, k 1 and 2, two seeds, one epoch). */
    private static String[] run(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--checkpoint", fixture.resolve("model.pt").toString(),
                "--model-config", fixture.resolve("config.json").toString(), "--dataset", "mvtec", "--data", data.toString(),
                "--shots", "1,2", "--seeds", "2", "--epochs", "1", "--saliency", "1", "--device", "cpu", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void resultsEqualASingleMachineRunByteForByte() throws Exception {
        // results.md differs only in its header (the command line and --out); run.json records the settings
        for (String f : List.of("results.csv", "run.json", "shots/disc/k1_seed0.txt", "shots/grid/k2_seed1.txt"))
            assertArrayEquals(Files.readAllBytes(single.resolve(f)), Files.readAllBytes(spark.resolve(f)), f + " byte-equal");
        assertEquals(2 * 2 * 2 * 3, Files.readAllLines(spark.resolve("results.csv")).stream().filter(l -> l.contains("CLIP-FSAC++")).count(),
                "2 classes x 2 k x 2 seeds x 3 metrics");
        assertTrue(Files.size(spark.resolve("report.html")) > 0);
        assertTrue(sparkLog.contains("spark: stage 1, 2 classes; stage 2, 8 combinations"), sparkLog);
        assertFalse(sparkLog.contains("resuming"), "a fresh folder is not reported as resumed: " + sparkLog);
    }

    @Test
    void aSingleMachineFolderResumesWithSparkWithoutTraining() throws Exception {
        Path copy = tmp.resolve("resumed");
        try (Stream<Path> s = Files.walk(single)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(single.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        String stderr = stderrOf(run(copy, "--spark", "local[2]"));
        assertEquals(1, stderr.lines().filter(l -> l.endsWith(": resuming a run with the same settings")).count(), stderr);
        assertFalse(stderr.contains("spark: stage"), "nothing is sent to the cluster: " + stderr);
        assertArrayEquals(Files.readAllBytes(single.resolve("results.csv")), Files.readAllBytes(copy.resolve("results.csv")));
    }

    /**
     * Per-image scores (9 digits) are byte-equal under the default GEMM (the system OpenBLAS, which rounds a row by the
     * call's row count and thread split): core runs one GEMM of the same shape per image, so neither the batches
     * (which differ between the paths) nor two Spark tasks calling BLAS at once change an image's bits.
     */
    @Test
    void perImageScoresEqualASingleMachineRunByteForByte() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(single.resolve("scores"))) {
            files = s.filter(Files::isRegularFile).map(single::relativize).sorted().toList();
        }
        assertEquals(8, files.size(), files.toString());
        for (Path f : files)
            assertEquals(Files.readString(single.resolve(f)), Files.readString(spark.resolve(f)), f + " byte-equal");
    }
}
