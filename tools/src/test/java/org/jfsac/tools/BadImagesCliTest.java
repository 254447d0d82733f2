package org.jfsac.tools;

import org.jfsac.fsac.api.FsacClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defect 3: run, demo --data and fit stop on a bad image by name before training, or skip and list it. */
class BadImagesCliTest {
    @TempDir Path tmp;

    private static Path truncate(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length / 2));
        return p;
    }

    private static String[] plus(String[] a, String... more) {
        String[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    @Test
    void runStopsOnABadImageByNameOrSkipsIt() throws Exception {
        Path data = FolderDatasetCliTest.userTree(tmp.resolve("parts/disc"));
        Path bad = truncate(data.resolve("test/good/g1.png"));
        Path out = tmp.resolve("out");
        CliTest.Result r = run(FolderDatasetCliTest.runArgs(data, out, "folder"));
        assertEquals(1, r.code(), r.err());
        String line = CliTest.errorLine(r);
        assertTrue(line.startsWith("jfsac run: " + bad + ": ") && line.contains("class 'disc'") && line.contains("--skip-bad-images"), line);
        assertFalse(r.err().contains(": train"), "stopped before training: " + r.err());
        assertFalse(Files.exists(out.resolve("run.json")) || Files.exists(out.resolve("results.csv")));

        CliTest.Result s = run(plus(FolderDatasetCliTest.runArgs(data, out, "folder"), "--skip-bad-images"));
        assertEquals(0, s.code(), s.err());
        for (String report : List.of("results.md", "report.html", "run.json"))
            assertTrue(Files.readString(out.resolve(report)).contains("test/good/g1.png"), report);
    }

    @Test
    void demoOnRealDataTakesTheOptionToo() throws Exception {
        Path data = tmp.resolve("data");
        org.jfsac.fsac.demo.DemoDataset.generate(data, 0, new org.jfsac.fsac.demo.DemoDataset.Config(64, 2, 1, 1,
                List.of(org.jfsac.fsac.demo.DemoClass.DISC)));
        Path bad;
        try (var s = Files.list(data.resolve("disc/train/good"))) {
            bad = s.sorted().findFirst().orElseThrow();
        }
        Files.writeString(bad, "GIF89a, or so it says");
        String[] args = {"demo", "--data", data.toString(), "--out", tmp.resolve("out").toString(), "--shots", "1", "--seeds", "1",
                "--epochs", "1", "--device", "cpu"};
        CliTest.Result r = run(args);
        assertEquals(1, r.code(), r.err());
        assertTrue(CliTest.errorLine(r).startsWith("jfsac demo: " + bad + ": not an image"), r.err());
        CliTest.Result s = run(plus(args, "--skip-bad-images"));
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.readString(tmp.resolve("out/results.md")).contains(bad.getFileName().toString()));
    }

    @Test
    void fitStopsOnABadImageByNameOrSkipsItAndRecordsIt() throws Exception {
        Path normal = FolderDatasetCliTest.userTree(tmp.resolve("parts/disc")).resolve("normal");
        Path bad = truncate(normal.resolve("n1.png"));
        Path head = tmp.resolve("head.safetensors");
        String[] args = {"fit", "--demo-model", "--class-name", "disc", "--normal", normal.toString(), "--out", head.toString(),
                "--epochs", "1", "--device", "cpu"};
        CliTest.Result r = run(args);
        assertEquals(1, r.code(), r.err());
        assertTrue(CliTest.errorLine(r).startsWith("jfsac fit: " + bad + ": "), r.err());
        assertFalse(Files.exists(head));
        CliTest.Result s = run(plus(args, "--skip-bad-images"));
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("skipping " + bad + ": "), s.err());
        assertTrue(s.err().contains("on 2 normal image(s)"), s.err());
        assertTrue(FsacClassifier.readMetadata(head).get("skipped_images").contains("n1.png"));
    }

    @Test
    void tokenizeReadsTextsFromAUtf8File() throws Exception {
        Path f = tmp.resolve("texts.txt");
        Files.writeString(f, "a photo of a caf\u00e9\n\n\u65e5\u672c\n", java.nio.charset.StandardCharsets.UTF_8);
        CliTest.Result fromFile = run("tokenize", "--text-file", f.toString());
        assertEquals(0, fromFile.code(), fromFile.err());
        CliTest.Result fromArgs = run("tokenize", "a photo of a caf\u00e9", "\u65e5\u672c");
        assertEquals(fromArgs.out(), fromFile.out());
        CliTest.Result both = run("tokenize", "x", "--text-file", f.toString());
        assertEquals(run("tokenize", "x", "a photo of a caf\u00e9", "\u65e5\u672c").out(), both.out());
        CliTest.Result none = run("tokenize");
        assertEquals(1, none.code());
        assertTrue(CliTest.errorLine(none).contains("no text to tokenize"), none.err());
    }
}
