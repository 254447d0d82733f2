package org.jfsac.fsac.api;

import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.Npy;
import org.jfsac.core.io.TensorFormatException;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModels;
import org.jfsac.fsac.method.AuthorsNames;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Importing heads saved by the authors' train.py, on files written by PyTorch
 * (src/test/resources/authors/make_authors_heads.py): the weights arrive under jfsac's names unchanged, the
 * imported head scores exactly like our head with the same weights, and malformed or hostile files get one line.
 */
class AuthorsHeadsTest {
    @TempDir Path tmp;

    static Path resource(String name) throws URISyntaxException {
        var url = AuthorsHeadsTest.class.getResource("/authors/" + name);
        if (url == null) throw new IllegalStateException("test resource /authors/" + name + " not found");
        return Path.of(url.toURI());
    }

    static Path testdata(String rel) {
        return Path.of(System.getProperty("jfsac.testdata", "../testdata")).resolve(rel);
    }

    /** The fixture's init.* weights (the ones make_authors_heads.py saved), mapped to our names by {@link AuthorsNames}. */
    static Map<String, HostTensor> fixtureInit() throws IOException {
        Map<String, HostTensor> theirs = new LinkedHashMap<>();
        for (String name : AuthorsNames.shapes(48).keySet()) {
            theirs.put(name, Npy.readFloat(testdata("fsac-authors-code").resolve("init." + name + ".npy")));
        }
        return AuthorsNames.toJfsac(theirs, 48, "fixture", n -> n);
    }

    @Test
    void readsAHeadWrittenByPyTorchUnderOurNames() throws Exception {
        Map<String, HostTensor> imported = AuthorsHeads.read(resource("authors_head_c48.pt"), 48);
        Map<String, HostTensor> expected = fixtureInit();
        FsacHead layout = new FsacHead(Devices.cpu(), 48, Rng.zeros());
        assertEquals(layout.namedParameters().keySet(), imported.keySet(), "every parameter of our head, nothing else");
        for (var e : expected.entrySet()) {
            assertArrayEquals(e.getValue().shape(), imported.get(e.getKey()).shape(), e.getKey());
            assertArrayEquals(e.getValue().data(), imported.get(e.getKey()).data(), e.getKey() + " bit for bit");
        }
    }

    @Test
    void importedHeadSavedAndLoadedScoresLikeOurHeadWithTheSameWeights() throws Exception {
        Path ckpt = testdata("openclip/tiny-gelu/model.pt");
        ClipModels.Loaded l = ClipModels.load(Devices.cpu(), ckpt, null, testdata("openclip/tiny-gelu/config.json"));
        ClipBackbone clip = new ClipBackbone(l.model(), ClipTokenizer.bundled(), ResizeMode.SQUASH, l.sha256(), 8);
        FsacConfig cfg = FsacConfig.preset("visa");

        FsacClassifier imported = AuthorsHeads.importHead(clip, resource("authors_head_c48.pt"), "candle", cfg);
        Path head = tmp.resolve("candle.head.safetensors");
        imported.save(head);
        FsacClassifier loaded = FsacClassifier.load(clip, head);

        // Our head with the fixture's weights, set directly, and the same CPE prototypes.
        FsacHead ours = new FsacHead(Devices.cpu(), 48, Rng.zeros());
        Map<String, Tensor> values = new LinkedHashMap<>();
        fixtureInit().forEach((k, v) -> values.put(k, Tensor.of(Devices.cpu(), v.data(), v.shape())));
        ours.loadStateDict(values);
        Tensor prototypes = FsacClassifier.create(clip, "candle", cfg).prototypes();

        int checked = 0;
        try (var files = Files.list(testdata("openclip/images"))) {
            for (Path p : files.sorted().toList()) {
                BufferedImage img = ImageIO.read(p.toFile());
                double want;
                try (GradMode g = GradMode.noGrad()) {
                    want = ours.forward(clip.encodeImages(List.of(img)), prototypes, cfg).anomalyScore().item();
                }
                double got = imported.score(img);
                // Same weights and inputs; the classifier scores a one-row view of its feature batch, which
                // may round differently in the last float32 bit (the scores are float32, ~6e-8 apart at 0.5).
                assertEquals(want, got, 1e-6, p.getFileName() + ": imported head");
                assertEquals(got, loaded.score(img), 0, p.getFileName() + ": imported, saved, loaded head scores identically");
                checked++;
            }
        }
        assertTrue(checked >= 3, "scored the fixture images");
        assertEquals("candle", loaded.className());
        assertEquals(cfg.toJson(), loaded.config().toJson(), "the head carries the configuration it was imported with");
    }

    @Test
    void malformedAndHostileFilesGetOneLine() throws Exception {
        expectRefusal("authors_head_c4_wrong_shape.pt", 4, "text_state_dict[linear.weight]", "[4, 3]", "expected [4, 4]");
        expectRefusal("authors_head_c4_missing_key.pt", 4, "missing tensor", "image_state_dict[to_out_image.0.bias]");
        expectRefusal("authors_head_c4_no_text.pt", 4, "no 'text_state_dict' entry");
        expectRefusal("authors_head_c4_os_system.pt", 4, "refusing to load global", "system");
        expectRefusal("authors_head_c4_modules.pt", 4, "refusing to load global 'adapter_plus.ImageHead'");
        expectRefusal("authors_head_c48.pt", 16, "image_state_dict[mlps.0.fc1.weight]", "[192, 48]", "expected [64, 16]");

        Path notTorch = tmp.resolve("head.pt");
        Files.writeString(notTorch, "not a checkpoint");
        expectRefusal(notTorch, 48, "unrecognised format");
        Path truncated = tmp.resolve("truncated.pt");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(resource("authors_head_c48.pt")), 5000));
        expectRefusal(truncated, 48, "truncated.pt");
    }

    void expectRefusal(String resourceName, int dim, String... parts) throws Exception {
        expectRefusal(resource(resourceName), dim, parts);
    }

    static void expectRefusal(Path file, int dim, String... parts) {
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> AuthorsHeads.read(file, dim), file.toString());
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        for (String p : parts) assertTrue(m.contains(p), "says '" + p + "': " + m);
    }
}
