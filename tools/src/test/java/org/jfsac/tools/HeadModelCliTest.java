package org.jfsac.tools;

import org.jfsac.clip.checkpoint.CheckpointReader;
import org.jfsac.clip.config.ClipConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.jfsac.tools.CliTest.fixture;
import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A head records the model it was fitted on and finds its checkpoint after a move. */
class HeadModelCliTest {
    @TempDir Path tmp;

    static final Path IMAGE = fixture("images/rgb_50x37.png");

    /** fit on the tiny OpenCLIP fixture with an explicit config (heads that shape inference would not guess). */
    static Path fit(Path checkpoint, Path head) {
        CliTest.Result r = run("fit", "--checkpoint", checkpoint.toString(), "--model-config", fixture("tiny-gelu/config.json").toString(),
                "--class-name", "metal_nut", "--normal", fixture("images/gray_33x33.png").toString(), fixture("images/rgba_61x80.png").toString(),
                "--epochs", "2", "--out", head.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        return head;
    }

    static CliTest.Result predict(Path head, String... more) {
        String[] base = {"predict", "--head", head.toString(), "--image", IMAGE.toString(), "--device", "cpu"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return run(all);
    }

    /** The score as printed (independent of the output layout). */
    static String score(CliTest.Result r) {
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("\"anomaly_score\"\\s*:\\s*([-0-9.eE]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    @Test
    void predictWithoutConfigBuildsTheModelFitUsed() throws Exception {
        Path config = fixture("tiny-gelu/config.json");
        ClipConfig fitted = ClipConfig.read(config);
        ClipConfig inferred = ClipConfig.inferFromShapes(CheckpointReader.shapes(fixture("tiny-gelu/model.pt")), "model.pt").config();
        assertNotEquals(fitted, inferred, "precondition: shape inference guesses other attention heads for this model");

        Path head = fit(fixture("tiny-gelu/model.pt"), tmp.resolve("h.safetensors"));
        String withConfig = score(predict(head, "--model-config", config.toString()));
        CliTest.Result without = predict(head);
        assertEquals(withConfig, score(without), "predict without --config scores exactly as with fit's config");
        assertTrue(without.err().contains("recorded in h.safetensors"), without.err());

        // A model config that differs from the head's is refused, naming what differs.
        Path other = tmp.resolve("inferred.json");
        Files.writeString(other, inferred.toJson());
        CliTest.Result refused = predict(head, "--model-config", other.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("another model config") && refused.err().contains("head_width 16 → 64"), refused.err());
    }

    @Test
    void movedHeadFindsItsCheckpointByRelativePathOrHashAndSaysWhereItLooked() throws Exception {
        Path a = tmp.resolve("a");
        Files.createDirectories(a.resolve("models"));
        Files.createDirectories(a.resolve("heads"));
        Files.copy(fixture("tiny-gelu/model.pt"), a.resolve("models/tiny.pt"));
        Path head = fit(a.resolve("models/tiny.pt"), a.resolve("heads/h.safetensors"));
        String expected = score(predict(head));

        // The whole folder moves (another machine): the recorded absolute path is gone, the relative one fits.
        Path b = Files.move(a, tmp.resolve("b"));
        CliTest.Result moved = predict(b.resolve("heads/h.safetensors"));
        assertEquals(expected, score(moved));
        assertTrue(moved.err().contains(b.resolve("models/tiny.pt").toString()), moved.err());

        // The head alone, beside a renamed copy of the checkpoint: found by size and SHA-256.
        Path c = Files.createDirectories(tmp.resolve("c"));
        Files.move(b.resolve("heads/h.safetensors"), c.resolve("h.safetensors"));
        Files.move(b.resolve("models/tiny.pt"), c.resolve("renamed.bin"));
        Files.writeString(c.resolve("decoy.bin"), "x".repeat((int) Files.size(c.resolve("renamed.bin")) - 1) + "y");
        CliTest.Result byHash = predict(c.resolve("h.safetensors"));
        assertEquals(expected, score(byHash));
        assertTrue(byHash.err().contains("renamed.bin"), byHash.err());

        Files.delete(c.resolve("renamed.bin"));
        CliTest.Result lost = predict(c.resolve("h.safetensors"));
        assertEquals(1, lost.code());
        String line = CliTest.errorLine(lost);
        assertTrue(line.contains("checkpoint not found") && line.contains("relative to the head") && line.contains("recorded path")
                && line.contains("SHA-256") && line.contains(c.toString()) && line.contains("--checkpoint"), line);
    }
}
