package org.jfsac.tools;

import com.google.gson.JsonParser;
import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.api.AuthorsHeads;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModels;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.jfsac.tools.CliTest.fixture;
import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jfsac import-head} on heads written by PyTorch in the authors' layout (made by
 * fsac/src/test/resources/authors/make_authors_heads.py), then {@code jfsac predict} with the result.
 */
class ImportHeadCommandTest {
    @TempDir Path tmp;

    static Path authorsHead(String name) {
        return CliTest.testdata().toAbsolutePath().getParent().resolve("fsac/src/test/resources/authors").resolve(name);
    }

    @Test
    void importedHeadPredictsLikeTheJavaApi() throws Exception {
        Path head = tmp.resolve("candle.head.safetensors");
        String ckpt = fixture("tiny-gelu/model.pt").toString(), config = fixture("tiny-gelu/config.json").toString();
        CliTest.Result imp = run("import-head", "--authors-head", authorsHead("authors_head_c48.pt").toString(), "--checkpoint", ckpt,
                "--model-config", config, "--class-name", "candle", "--out", head.toString(), "--device", "cpu");
        assertEquals(0, imp.code(), imp.err());
        assertTrue(Files.isRegularFile(head));

        Path img = fixture("images/rgb_50x37.png");
        CliTest.Result p = run("predict", "--head", head.toString(), "--model-config", config, "--image", img.toString(), "--device", "cpu");
        assertEquals(0, p.code(), p.err());
        double score = JsonParser.parseString(p.out().strip().lines().findFirst().orElseThrow()).getAsJsonObject() // JSON Lines
                .get("anomaly_score").getAsDouble();

        ClipModels.Loaded l = ClipModels.load(Devices.cpu(), fixture("tiny-gelu/model.pt"), null, fixture("tiny-gelu/config.json"));
        ClipBackbone clip = new ClipBackbone(l.model(), ClipTokenizer.bundled(), ResizeMode.SQUASH, l.sha256(), 8);
        double api = AuthorsHeads.importHead(clip, authorsHead("authors_head_c48.pt"), "candle", FsacConfig.preset("visa"))
                .score(ImageIO.read(img.toFile()));
        // Same weights and model; 1e-6 allows the last float32 bit of a score near 0.5 (6e-8), which can differ
        // between two loads of the model (the CLI's selected CPU backend vs Devices.cpu()).
        assertEquals(api, score, 1e-6, "predict with the imported head = the Java API's import (same weights, same model)");
    }

    @Test
    void hostileAndMalformedHeadsGetOneLine() {
        String ckpt = fixture("tiny-gelu/model.pt").toString(), config = fixture("tiny-gelu/config.json").toString();
        for (String[] c : new String[][]{
                {"authors_head_c4_os_system.pt", "refusing to load global"},
                {"authors_head_c4_modules.pt", "refusing to load global 'adapter_plus.ImageHead'"},
                {"authors_head_c4_no_text.pt", "no 'text_state_dict' entry"},
                // a head of width 4 for a CLIP model of width 48
                {"authors_head_c4_wrong_shape.pt", "tensor 'image_state_dict[mlps.0.fc1.weight]' has shape [16, 4], expected [192, 48] for width 48"}}) {
            Path out = tmp.resolve(c[0] + ".safetensors");
            CliTest.Result r = run("import-head", "--authors-head", authorsHead(c[0]).toString(), "--checkpoint", ckpt, "--model-config", config,
                    "--class-name", "candle", "--out", out.toString(), "--device", "cpu");
            assertEquals(1, r.code(), c[0]);
            String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("jfsac import-head: ") && last.contains(c[0]) && last.contains(c[1]), c[0] + ": " + r.err());
            assertTrue(!Files.exists(out), "nothing written for " + c[0]);
        }
    }
}
