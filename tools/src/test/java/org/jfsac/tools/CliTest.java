package org.jfsac.tools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end: the demo pipeline, fit/predict, embed/tokenize/convert and error handling. */
class CliTest {
    @TempDir Path tmp;

    record Result(int code, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The one error line of a failed command (other stderr lines are progress and notices), checked to be the last. */
    static String errorLine(Result r) {
        List<String> lines = r.err().strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("jfsac ") && lines.stream().filter(l -> l.startsWith("jfsac ")).count() == 1, r.err());
        return last;
    }

    static Path testdata() { return Path.of(System.getProperty("jfsac.testdata", "../testdata")); }

    /** The bundled BPE vocabulary written to a file, to exercise an explicit --bpe. */
    static Path vocabularyCopy() throws java.io.IOException {
        Path f = Files.createTempFile("bpe", ".txt.gz");
        f.toFile().deleteOnExit();
        try (var in = org.jfsac.clip.tokenizer.ClipTokenizer.class.getResourceAsStream(
                org.jfsac.clip.tokenizer.ClipTokenizer.VOCABULARY_FILE_NAME)) {
            Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    static Path fixture(String rel) { return testdata().resolve("openclip").resolve(rel); }

    @Test
    void demoRunsEndToEndWritesEverythingAndResumes() throws Exception {
        Path out = tmp.resolve("demo");
        Result r = run("demo", "--out", out.toString(), "--epochs", "3", "--shots", "1,2", "--seeds", "2", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("RANDOM WEIGHTS"), "the demo says plainly that the weights are random");
        for (String f : List.of("results.csv", "results.md", "report.html")) assertTrue(Files.size(out.resolve(f)) > 0, f);
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("CLIP-AC") && md.contains("CLIP-FSAC++") && md.contains("I-AUROC") && md.contains("F1-max"));
        // the kNN baseline runs by default: a column beside the others in every table, and its sentence in the protocol
        assertTrue(md.contains("| 1-shot CLIP-AC | 1-shot CLIP-FSAC++ | 1-shot kNN |") && md.contains("kNN scores an image 1 −"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("data:image/png;base64,"), "ROC/histogram charts and saliency images embedded");
        assertTrue(html.contains("<th>kNN</th>") && html.contains("kNN (AUROC ") && html.contains("kNN anomaly scores"),
                "kNN in the report's tables, ROC curves and histograms");
        assertEquals("image,label,clip_ac,clip_fsac_pp,knn", Files.readAllLines(out.resolve("scores/disc/k1_seed0.csv")).get(0));
        assertTrue(html.contains("jfsac demo --out " + out) && html.contains("shots: [1, 2]") && html.contains("epochs: 3"), "the report names the settings that produced it");
        assertTrue(r.err().contains("overall: 12/12 combinations (100%)"), "run-wide progress on stderr");
        // 3 classes x (CLIP-AC once + 2 k x 2 seeds x (CLIP-FSAC++, kNN)) x 3 metrics
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 3 * (1 + 4 * 2) * 3, csv.size(), String.join("\n", csv));
        assertEquals(3 * 4 * 3, csv.stream().filter(l -> l.contains(",kNN,")).count(), "kNN rows for every class, k and seed");
        try (Stream<Path> s = Files.walk(out.resolve("shots"))) {
            assertEquals(3 * 4, s.filter(Files::isRegularFile).count(), "one shot list per class, k and seed");
        }
        try (Stream<Path> s = Files.walk(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no half-written files");
        }

        // Resume: drop one combination's rows and scores, rerun: only it is recomputed, the rest is kept as is.
        List<String> kept = csv.stream().filter(l -> !(l.startsWith("mvtec,grid,2,1,"))).toList();
        assertEquals(csv.size() - 6, kept.size());
        Files.write(out.resolve("results.csv"), kept);
        Files.delete(out.resolve("scores/grid/k2_seed1.csv"));
        Result again = run("demo", "--out", out.toString(), "--epochs", "3", "--shots", "1,2", "--seeds", "2", "--device", "cpu");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("grid k=2 seed=1: train"), "the missing combination is trained again");
        assertFalse(again.err().contains("disc k=1 seed=0: train"), "finished combinations are not redone");
        assertFalse(again.err().contains("encode test set"), "test features come from the cache");
        assertFalse(again.err().contains("text prototypes"), "so do the text prototypes");
        assertTrue(r.err().contains("text prototypes"), "the first run computed them");
        assertEquals(csv.size(), Files.readAllLines(out.resolve("results.csv")).size());
        // Same seed, same numbers: the recomputed rows equal the first run's, bit for bit.
        assertEquals(csv.stream().filter(l -> l.startsWith("mvtec,grid,2,1,")).sorted().toList(),
                Files.readAllLines(out.resolve("results.csv")).stream().filter(l -> l.startsWith("mvtec,grid,2,1,")).sorted().toList());
    }

    @Test
    void fitThenPredictWithSaliency() throws Exception {
        Path data = tmp.resolve("demo");
        assertEquals(0, run("demo", "--out", data.toString(), "--epochs", "1", "--shots", "1", "--seeds", "1", "--device", "cpu").code());
        Path head = tmp.resolve("disc.head.safetensors");
        Result fit = run("fit", "--demo-model", "--class-name", "disc", "--normal", data.resolve("data/disc/train/good").toString(),
                "--out", head.toString(), "--epochs", "2", "--device", "cpu");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(Files.exists(head) && Files.exists(tmp.resolve("disc.head.safetensors.json")));
        Path img = Files.list(data.resolve("data/disc/test/hole")).sorted().findFirst().orElseThrow();
        Result p = run("predict", "--head", head.toString(), "--image", img.toString(), "--saliency", tmp.resolve("sal").toString(), "--device", "cpu");
        assertEquals(0, p.code(), p.err());
        JsonObject json = JsonParser.parseString(p.out().strip()).getAsJsonObject(); // one JSON line per image
        double s = json.get("anomaly_score").getAsDouble();
        assertTrue(s >= 0 && s <= 1, "score " + s);
        assertTrue(p.err().contains("class 'disc'"), p.err());
        assertTrue(Files.size(tmp.resolve("sal").resolve(ImageInputs.mirrored(img) + ".saliency.png")) > 0);
    }

    @Test
    void embedPrintsOpenClipEmbeddings() throws Exception {
        Result r = run("embed", "--checkpoint", fixture("tiny-gelu/model.pt").toString(), "--model-config", fixture("tiny-gelu/config.json").toString(),
                "--resize", "shortest", "--device", "cpu",
                "--image", fixture("images/rgb_50x37.png").toString(), "--text", "a photo of a metal_nut.");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        float[] want = org.jfsac.core.io.Npy.readFloat(fixture("tiny-gelu/image_embeddings_shortest_center_crop.npy")).data();
        var got = j.getAsJsonArray("image_embeddings").get(0).getAsJsonArray();
        double num = 0, den = 0;
        for (int i = 0; i < got.size(); i++) {
            num += Math.pow(got.get(i).getAsDouble() - want[i], 2);
            den += want[i] * (double) want[i];
        }
        assertTrue(Math.sqrt(num / den) < 1e-4, "image embedding rel err " + Math.sqrt(num / den));
        assertEquals(49406, j.getAsJsonArray("text_tokens").get(0).getAsJsonArray().get(0).getAsInt());
    }

    @Test
    void tokenizeAndConvert() throws Exception {
        Result t = run("tokenize", "damaged pcb1");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("[[49406,"), t.out());
        Path out = tmp.resolve("m.safetensors");
        Result c = run("convert", "--checkpoint", fixture("tiny-gelu/model_train_ckpt.pt").toString(), "--out", out.toString());
        assertEquals(0, c.code(), c.err());
        var a = org.jfsac.core.io.SafeTensors.read(out);
        var b = org.jfsac.core.io.SafeTensors.read(fixture("tiny-gelu/model.safetensors"));
        assertEquals(b.keySet(), a.keySet());
        b.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v.data(), a.get(k).data()), k));
        // The converted file carries its config, so embed needs no --model/--model-config.
        Result e = run("embed", "--checkpoint", out.toString(), "--bpe", vocabularyCopy().toString(),
                "--text", "x", "--device", "cpu");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.err().contains("embedded in"), e.err());
    }

    @Test
    void badInputGivesOneLineErrorAndNonZeroExit() throws Exception {
        Result missing = run("embed", "--checkpoint", tmp.resolve("nope.pt").toString(), "--device", "cpu");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.pt"), missing.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace");
        Path notImage = tmp.resolve("x.png");
        Files.writeString(notImage, "hello");
        Result bad = run("embed", "--checkpoint", fixture("tiny-gelu/model.pt").toString(), "--model-config", fixture("tiny-gelu/config.json").toString(),
                "--image", notImage.toString(), "--device", "cpu");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("x.png") && bad.err().contains("not an image"), bad.err());
        Path brokenCkpt = tmp.resolve("broken.pt");
        Files.write(brokenCkpt, java.util.Arrays.copyOf(Files.readAllBytes(fixture("tiny-gelu/model.pt")), 1000));
        Result broken = run("embed", "--checkpoint", brokenCkpt.toString(), "--device", "cpu");
        assertEquals(1, broken.code());
        assertTrue(broken.err().contains("broken.pt"), broken.err());
        Result missingData = run("run", "--dataset", "mvtec", "--data", tmp.resolve("nodata").toString(), "--checkpoint", "x");
        assertEquals(1, missingData.code());
        assertTrue(missingData.err().contains("nodata"), missingData.err());
        assertEquals(2, run("frobnicate").code(), "unknown subcommand is a usage error");
    }

    @Test
    void helpAndVersion() {
        Result h = run("--help");
        assertEquals(0, h.code());
        for (String cmd : List.of("demo", "run", "fit", "predict", "embed", "tokenize", "convert")) assertTrue(h.out().contains(cmd), cmd);
        assertTrue(run("--version").out().startsWith("jfsac "));
    }
}
