package org.jfsac.tools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.metrics.Thresholds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** predict for an inspection line (folders, list files, JSON Lines, batches, errors, saliency paths) and calibrate. */
class PredictCommandTest {
    @TempDir static Path tmp;
    static Path head, test;

    /** A head fitted on the demo's disc class (random-weight CLIP, 2 epochs: the scores only need to exist). */
    @BeforeAll
    static void fitHead() throws Exception {
        Path data = tmp.resolve("data");
        DemoDataset.generate(data, 0);
        test = data.resolve("disc/test");
        head = tmp.resolve("disc.head.safetensors");
        CliTest.Result fit = run("fit", "--demo-model", "--class-name", "disc", "--normal", data.resolve("disc/train/good").toString(),
                "--out", head.toString(), "--epochs", "2", "--device", "cpu");
        assertEquals(0, fit.code(), fit.err());
    }

    static List<JsonObject> lines(String out) {
        List<JsonObject> l = new ArrayList<>();
        for (String s : out.split("\n")) if (!s.isBlank()) l.add(JsonParser.parseString(s).getAsJsonObject());
        return l;
    }

    /** A copy of the test folder with one corrupt image (a truncated PNG) among the good ones. */
    static Path folderWithCorruptImage() throws Exception {
        Path dir = tmp.resolve("line");
        if (Files.exists(dir)) return dir;
        for (String sub : List.of("good", "hole", "scratch")) {
            Files.createDirectories(dir.resolve(sub));
            try (var s = Files.list(test.resolve(sub))) {
                for (Path p : s.toList()) Files.copy(p, dir.resolve(sub).resolve(p.getFileName()));
            }
        }
        byte[] png = Files.readAllBytes(test.resolve("good/000.png"));
        Files.write(dir.resolve("good/0005_corrupt.png"), java.util.Arrays.copyOf(png, png.length / 3));
        return dir;
    }

    @Test
    void folderWithACorruptImageGivesAnErrorLineForItAndScoresTheRest() throws Exception {
        Path dir = folderWithCorruptImage();
        CliTest.Result r = run("predict", "--head", head.toString(), dir.toString(), "--device", "cpu");
        assertEquals(1, r.code(), "an image failed: " + r.err());
        List<JsonObject> l = lines(r.out());
        assertEquals(8 + 1 + 4 + 4, l.size(), r.out());
        // Recursively, sorted by relative path: good/000.png, good/0005_corrupt.png, good/001.png, ..., hole/..., scratch/...
        assertTrue(l.get(0).get("image").getAsString().endsWith("good/000.png"));
        JsonObject bad = l.get(1);
        assertTrue(bad.get("image").getAsString().endsWith("good/0005_corrupt.png"), bad.toString());
        assertTrue(bad.has("error") && !bad.has("anomaly_score"), bad.toString());
        assertFalse(bad.get("error").getAsString().contains("\n"));
        assertTrue(l.get(16).get("image").getAsString().endsWith("scratch/003.png"));
        for (JsonObject o : l) {
            if (o == bad) continue;
            assertEquals(Set.of("image", "anomaly_score"), o.keySet(), "no threshold: no is_anomalous");
            double s = o.get("anomaly_score").getAsDouble();
            assertTrue(s >= 0 && s <= 1, o.toString());
        }
        assertTrue(r.err().contains("scored 16 of 17 image(s); 1 failed"), r.err());
        assertFalse(r.out().contains("predict "), "progress goes to stderr, stdout is JSON Lines only");
    }

    @Test
    void listFileAndBatchesGiveTheSameScoresAsOneByOne() throws Exception {
        Path list = tmp.resolve("images.txt");
        Files.writeString(list, "# parts of shift 3\n" + test.resolve("hole/000.png") + "\n\n" + test.resolve("good") + "\n"
                + tmp.resolve("missing.png") + "\n" + test.resolve("scratch/001.png") + "\n");
        CliTest.Result one = run("predict", "--head", head.toString(), "--list", list.toString(), "--device", "cpu");
        CliTest.Result five = run("predict", "--head", head.toString(), "--list", list.toString(), "--batch", "5", "--device", "cpu");
        assertEquals(1, one.code(), one.err());
        List<JsonObject> a = lines(one.out()), b = lines(five.out());
        assertEquals(1 + 8 + 1 + 1, a.size());
        assertTrue(a.get(0).get("image").getAsString().endsWith("hole/000.png"));
        assertTrue(a.get(9).get("image").getAsString().endsWith("missing.png"));
        assertEquals("no such file", a.get(9).get("error").getAsString());
        // Identical, not merely close: every image is scored alone after its batch is encoded.
        assertEquals(a, b);
    }

    @Test
    void saliencyFilesMirrorTheRelativePath() throws Exception {
        Path sal = tmp.resolve("sal");
        CliTest.Result r = run("predict", "--head", head.toString(), "--image", test.resolve("good/000.png").toString(),
                test.resolve("scratch").toString(), "--saliency", sal.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        List<JsonObject> l = lines(r.out());
        assertEquals(5, l.size());
        Path good = sal.resolve(ImageInputs.mirrored(test.resolve("good/000.png")) + ".saliency.png");
        Path scratch = sal.resolve("000.png.saliency.png"); // a folder's images mirror their path below the folder
        assertEquals(good.toString(), l.get(0).get("saliency").getAsString());
        assertEquals(scratch.toString(), l.get(1).get("saliency").getAsString());
        assertTrue(Files.size(good) > 0 && Files.size(scratch) > 0);
        // Two folders that both hold 000.png would overwrite each other's maps: refused before any work.
        CliTest.Result clash = run("predict", "--head", head.toString(), test.resolve("hole").toString(), test.resolve("scratch").toString(),
                "--saliency", sal.toString(), "--device", "cpu");
        assertEquals(1, clash.code());
        assertTrue(clash.err().contains("would both write saliency 000.png"), clash.err());
        assertFalse(clash.err().contains("device:"), "a usage error is found before the device is probed");
        // Their common parent folder keeps them apart: good/000.png and scratch/000.png.
        Path sal2 = tmp.resolve("sal2");
        CliTest.Result parent = run("predict", "--head", head.toString(), test.toString(), "--saliency", sal2.toString(), "--device", "cpu");
        assertEquals(0, parent.code(), parent.err());
        for (String rel : List.of("good/000.png", "hole/000.png", "scratch/000.png"))
            assertTrue(Files.size(sal2.resolve(rel + ".saliency.png")) > 0, rel);
    }

    @Test
    void calibrateStoresTheChosenThresholdAndPredictUsesIt() throws Exception {
        Path h = tmp.resolve("calibrated.head.safetensors");
        Files.copy(head, h);
        CliTest.Result c = run("calibrate", "--head", h.toString(), "--normal", test.resolve("good").toString(),
                "--anomalous", test.resolve("hole").toString(), test.resolve("scratch").toString(), "--target-fpr", "0.25",
                "--batch", "3", "--device", "cpu");
        assertEquals(0, c.code(), c.err());
        JsonObject t = JsonParser.parseString(c.out()).getAsJsonObject();
        assertTrue(c.err().contains("F1-max threshold") && c.err().contains("threshold for FPR <= 0.25"), "both are reported: " + c.err());

        // The same thresholds from predict's scores, computed here independently of calibrate's scoring path.
        CliTest.Result p = run("predict", "--head", head.toString(), test.toString(), "--device", "cpu");
        List<JsonObject> l = lines(p.out());
        double[] scores = l.stream().mapToDouble(o -> o.get("anomaly_score").getAsDouble()).toArray();
        int[] labels = l.stream().mapToInt(o -> o.get("image").getAsString().contains("/good/") ? 0 : 1).toArray();
        Thresholds.F1Max f1 = Thresholds.f1Max(scores, labels);
        Thresholds.AtFpr fpr = Thresholds.atFalsePositiveRate(scores, labels, 0.25);
        assertEquals(f1.threshold(), t.getAsJsonObject("f1-max").get("threshold").getAsDouble(), 0);
        assertEquals(f1.f1(), t.getAsJsonObject("f1-max").get("f1").getAsDouble(), 0);
        assertEquals(fpr.threshold(), t.getAsJsonObject("fpr").get("threshold").getAsDouble(), 0);
        assertTrue(t.getAsJsonObject("fpr").get("fpr").getAsDouble() <= 0.25);
        assertEquals("f1-max", t.get("rule").getAsString());
        assertEquals(f1.threshold(), t.get("value").getAsDouble(), 0);

        // Stored in the head (and its sidecar); the head still loads and scores as before.
        assertEquals(t, JsonParser.parseString(FsacClassifier.readMetadata(h).get("threshold")));
        assertEquals(t, JsonParser.parseString(Files.readString(Path.of(h + ".json"))).getAsJsonObject().get("threshold"));
        CliTest.Result used = run("predict", "--head", h.toString(), test.toString(), "--device", "cpu");
        assertEquals(0, used.code(), used.err());
        assertTrue(used.err().contains("(stored in the head)"), used.err());
        List<JsonObject> u = lines(used.out());
        int flagged = 0;
        for (int i = 0; i < u.size(); i++) {
            assertEquals(scores[i], u.get(i).get("anomaly_score").getAsDouble(), 0, "same scores as the uncalibrated head");
            assertEquals(scores[i] >= f1.threshold(), u.get(i).get("is_anomalous").getAsBoolean());
            flagged += u.get(i).get("is_anomalous").getAsBoolean() ? 1 : 0;
        }
        assertEquals(Math.round(f1.recall() * 8 / f1.precision()), flagged, "flagged = tp + fp = tp / precision at the F1-max point (8 anomalous images)");
        // --threshold overrides the stored one; --use fpr stores the other rule.
        CliTest.Result over = run("predict", "--head", h.toString(), test.resolve("good/000.png").toString(), "--threshold", "2", "--device", "cpu");
        assertFalse(lines(over.out()).get(0).get("is_anomalous").getAsBoolean());
        assertTrue(over.err().contains("threshold 2.0 (--threshold)"), over.err());
        CliTest.Result byFpr = run("calibrate", "--head", h.toString(), "--normal", test.resolve("good").toString(),
                "--anomalous", test.resolve("hole").toString(), "--target-fpr", "0.25", "--use", "fpr", "--device", "cpu");
        assertEquals(0, byFpr.code(), byFpr.err());
        JsonObject stored = JsonParser.parseString(FsacClassifier.readMetadata(h).get("threshold")).getAsJsonObject();
        assertEquals("fpr", stored.get("rule").getAsString());
        assertEquals(stored.getAsJsonObject("fpr").get("threshold").getAsDouble(), stored.get("value").getAsDouble(), 0);
        assertNotEquals(null, HeadThreshold.stored(FsacClassifier.readMetadata(h)));
    }
}
