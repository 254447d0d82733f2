package org.jfsac.fsac.towers;

import com.google.gson.JsonObject;
import org.jfsac.clip.checkpoint.FileDigest;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.pretrained.CheckpointDownloader;
import org.jfsac.clip.pretrained.PretrainedCatalog;
import org.jfsac.clip.pretrained.PretrainedWeights;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Java snippet, on the tiny OpenCLIP fixture: one call from a checkpoint path to a backbone (config
 * embedded, vocabulary bundled, device chosen), then a classifier fitted and scored. Also run in a JVM without the
 * Vector API module (fsac's "without-vector-api" surefire execution).
 */
class ClipBackbonesTest {
    @TempDir Path tmp;

    /** The fixture checkpoint converted as {@code jfsac convert} does: safetensors with the config in the metadata. */
    private Path convertedFixture() throws Exception {
        Path out = tmp.resolve("tiny-gelu.safetensors");
        ClipConfig cfg = Fixtures.config("tiny-gelu");
        SafeTensors.write(out, SafeTensors.read(Fixtures.root().resolve("tiny-gelu/model.safetensors")),
                Map.of(ClipModels.CONFIG_METADATA_KEY, cfg.toJson()), ElementType.FLOAT32);
        return out;
    }

    private static void assertMatchesOpenClipTextEmbeddings(ClipBackbone clip) throws Exception {
        JsonObject m = Fixtures.model("tiny-gelu");
        List<String> texts = new ArrayList<>();
        m.getAsJsonArray("texts").forEach(e -> texts.add(e.getAsString()));
        // the bundled vocabulary and the embedded config reproduce OpenCLIP (tolerance as in ClipParityTest)
        double err = Fixtures.relErr(clip.encodeTexts(texts).toArray(), Fixtures.npy(m.get("text_embeddings").getAsString()).data());
        assertTrue(err < ClipParityTest.EMB_TOL, "text embeddings: rel err " + err);
    }

    @Test
    void readmeSnippetOneCallLoaderThenFitAndScore() throws Exception {
        Path checkpoint = convertedFixture();
        ClipBackbone clip = ClipBackbones.load(checkpoint);
        assertEquals(FileDigest.sha256(checkpoint), clip.weightsId);
        assertEquals(32, clip.imageSize());
        assertMatchesOpenClipTextEmbeddings(clip);

        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        BufferedImage good = ImageIO.read(Fixtures.root().resolve("images/rgb_50x37.png").toFile());
        FsacClassifier c = FsacClassifier.create(clip, "metal_nut", cfg).fit(List.of(good), 0);
        double score = c.score(ImageIO.read(Fixtures.root().resolve("images/rgb_120x96.jpg").toFile()));
        assertTrue(score > 0 && score < 1, "anomaly score in (0, 1): " + score);
    }

    @Test
    void loaderSettingsReachTheBackbone() throws Exception {
        ClipBackbone clip = ClipBackbones.loader().device("cpu").config(Fixtures.root().resolve("tiny-gelu/config.json"))
                .resize(org.jfsac.clip.image.ResizeMode.SHORTEST_CENTER_CROP).load(Fixtures.root().resolve("tiny-gelu/model.pt"));
        assertSame(Devices.cpu(), clip.model.backend());
        assertEquals(org.jfsac.clip.image.ResizeMode.SHORTEST_CENTER_CROP, clip.resize);
        assertMatchesOpenClipTextEmbeddings(clip);
    }

    /** By name through a catalog whose file is already in the cache (verified, so no request is made). */
    @Test
    void pretrainedByNameFromTheCache() throws Exception {
        Path source = convertedFixture();
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.copy(source, cache.resolve("tiny.safetensors"));
        // port 9 (discard) on the loopback: a request would fail, so the test proves the cache is used
        PretrainedWeights w = new PretrainedWeights("tiny", "fixture", "ViT-B-16", URI.create("http://127.0.0.1:9/tiny.safetensors"),
                FileDigest.sha256(source));
        ClipBackbone clip = ClipBackbones.loader().device("cpu").catalog(new PretrainedCatalog(List.of(w)))
                .config(Fixtures.root().resolve("tiny-gelu/config.json"))
                .downloader(new CheckpointDownloader(cache, HttpClient.newHttpClient(), null))
                .pretrained("tiny/fixture");
        assertEquals(w.sha256(), clip.weightsId);
        assertMatchesOpenClipTextEmbeddings(clip);
    }
}
