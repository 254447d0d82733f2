package org.jfsac.fsac.pipeline;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.limits.Limit;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.towers.ClipBackbone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11, defect 3: one bad image in a dataset stops the run by name before any result is written, or, when bad
 * images are skipped, is left out and listed in results.md, report.html and run.json.
 */
class BadImageExperimentTest {
    @TempDir static Path shared;
    static Path clean;
    static ClipBackbone clip;

    @BeforeAll
    static void data() {
        clean = shared.resolve("clean");
        DemoDataset.generate(clean, 5, new DemoDataset.Config(64, 3, 2, 1, List.of(DemoClass.DISC)));
        clip = DemoModel.backbone(Devices.cpu(), 64, 0);
    }

    @TempDir Path tmp;

    private static Experiment.Options options(Path data, Path out, boolean skip) {
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        return new Experiment.Options("mvtec", data, List.of(), List.of(1), 1, cfg, out, 1, new LinkedHashMap<>(), null, skip);
    }

    /** A copy of the clean dataset with {@code rel} replaced by what {@code spoil} writes. */
    private Path withBad(String rel, IoAction spoil) throws IOException {
        Path data = tmp.resolve("data");
        try (var s = Files.walk(clean)) {
            for (Path p : s.toList()) {
                Path to = data.resolve(clean.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        spoil.apply(data.resolve(rel));
        return data;
    }

    interface IoAction { void apply(Path p) throws IOException; }

    private static void truncate(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length / 2));
    }

    private static Path firstFile(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().findFirst().orElseThrow();
        }
    }

    private static String rel(Path data, Path file) {
        return data.relativize(file).toString().replace('\\', '/');
    }

    @Test
    void aTruncatedTestImageStopsTheRunByNameBeforeAnyResult() throws Exception {
        String bad = rel(clean, firstFile(clean.resolve("disc/test/good")));
        Path data = withBad(bad, BadImageExperimentTest::truncate);
        Path out = tmp.resolve("out");
        IOException e = assertThrows(IOException.class,
                () -> new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(options(data, out, false)));
        assertTrue(e.getMessage().startsWith(data.resolve(bad) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("not an image or unsupported format (png decoder: Error reading PNG metadata)")
                && e.getMessage().contains("class 'disc'")
                && e.getMessage().contains("--skip-bad-images"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // nothing of a run was written: no fingerprint, no results, no report
        for (String f : List.of(RunFolder.FINGERPRINT_FILE, "results.csv", "results.md", "report.html", "scores"))
            assertFalse(Files.exists(out.resolve(f)), f);
    }

    @Test
    void aTrainImageThatIsNoImageStopsTheRunToo() throws Exception {
        String bad = rel(clean, firstFile(clean.resolve("disc/train/good")));
        Path data = withBad(bad, p -> Files.writeString(p, "not a png"));
        IOException e = assertThrows(IOException.class,
                () -> new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(options(data, tmp.resolve("out"), false)));
        assertTrue(e.getMessage().startsWith(data.resolve(bad) + ": not an image"), e.getMessage());
    }

    @Test
    void skippedImagesAreLeftOutAndListedInTheReportsAndTheFingerprint() throws Exception {
        String bad = rel(clean, firstFile(clean.resolve("disc/test/good")));
        Path data = withBad(bad, BadImageExperimentTest::truncate);
        Path out = tmp.resolve("out");
        List<ResultRow> rows = new Experiment(clip, new FeatureCache(out.resolve("cache")), Progress.none()).run(options(data, out, true));
        assertEquals(9, rows.size(), rows.toString()); // 3 metrics × (CLIP-AC at k=0, CLIP-FSAC++ and kNN at k=1)
        for (String report : List.of("results.md", "report.html")) {
            String text = Files.readString(out.resolve(report));
            assertTrue(text.contains("skipped images") && text.contains(bad) && text.contains("Error reading PNG metadata"), report);
        }
        JsonObject f = JsonParser.parseString(Files.readString(out.resolve(RunFolder.FINGERPRINT_FILE))).getAsJsonObject();
        assertTrue(f.get("skipBadImages").getAsBoolean());
        assertEquals("not an image or unsupported format (png decoder: Error reading PNG metadata)",
                f.getAsJsonObject("skippedImages").get(bad).getAsString(), f.toString());
        // the test set the scores cover is one image shorter than the clean one
        long scored = Files.readAllLines(out.resolve("scores/disc/k1_seed0.csv")).size();
        Path cleanOut = tmp.resolve("clean-out");
        new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(options(clean, cleanOut, true));
        assertEquals(Files.readAllLines(cleanOut.resolve("scores/disc/k1_seed0.csv")).size() - 1, scored);
        assertFalse(Files.readString(cleanOut.resolve("results.md")).contains("skipped images"));
        // the same folder resumes: the same images are left out, so the fingerprint is the same
        new Experiment(clip, new FeatureCache(out.resolve("cache")), Progress.none()).run(options(data, out, true));
        // a merged folder keeps the list, in run.json and in its reports
        Path merged = tmp.resolve("merged");
        RunMerge.merge(List.of(out), merged);
        assertTrue(Files.readString(merged.resolve("results.md")).contains("skipped images | 1: " + bad + " (not an image"));
        assertEquals(f.get("skippedImages"), JsonParser.parseString(Files.readString(merged.resolve(RunFolder.FINGERPRINT_FILE)))
                .getAsJsonObject().get("skippedImages"));
    }

    @Test
    void anImageOverThePixelLimitIsABadImage() throws Exception {
        String bad = rel(clean, firstFile(clean.resolve("disc/train/good")));
        Path data = withBad(bad, p -> ImageIO.write(new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB), "png", p.toFile()));
        String property = Limit.IMAGE_PIXELS.property();
        String was = System.getProperty(property);
        System.setProperty(property, Integer.toString(64 * 64)); // the demo's images are 64x64
        try {
            IOException e = assertThrows(IOException.class,
                    () -> new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(options(data, tmp.resolve("out"), false)));
            assertTrue(e.getMessage().startsWith(data.resolve(bad) + ": image size (6400 pixels"), e.getMessage());
        } finally {
            if (was == null) System.clearProperty(property);
            else System.setProperty(property, was);
        }
    }
}
