package org.jfsac.clip.config;

import org.jfsac.clip.Fixtures;
import org.jfsac.clip.checkpoint.CheckpointReader;
import org.jfsac.core.io.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ClipConfigTest {

    private static ClipConfig tinyGelu() throws IOException {
        return ClipConfig.read(Fixtures.openclip("tiny-gelu/config.json"));
    }

    @Test
    void parsesTheFixtureConfigsWithOpenClipDefaults() throws IOException {
        // config.json sets every field except mlp_ratio (default 4) and quick_gelu (default false)
        ClipConfig expected = new ClipConfig(48, new VisionConfig(32, 2, 64, 16, 8, 4.0),
                new TextConfig(77, 49408, 16, 4, 2, 4.0), false);
        assertEquals(expected, tinyGelu());
        assertEquals(expected.withQuickGelu(true), ClipConfig.read(Fixtures.openclip("tiny-quickgelu/config.json")));
        assertEquals(4, tinyGelu().vision().heads());
        assertEquals(17, tinyGelu().vision().tokens());
    }

    @Test
    void jsonRoundTrips() throws IOException {
        for (String name : ClipConfig.builtinNames()) {
            ClipConfig c = ClipConfig.builtin(name);
            assertEquals(c, ClipConfig.parse(c.toJson(), name));
        }
        assertEquals(tinyGelu(), ClipConfig.parse(tinyGelu().toJson(), "tiny"));
    }

    /** OpenCLIP's own JSON files, verbatim (src/open_clip/model_configs), parse to our built-ins. */
    @Test
    void builtinsMatchOpenClipJson() {
        assertEquals(ClipConfig.builtin("ViT-B-16-plus-240"), ClipConfig.parse("""
                {"embed_dim": 640, "vision_cfg": {"image_size": 240, "layers": 12, "width": 896, "patch_size": 16},
                 "text_cfg": {"width": 640, "heads": 10, "layers": 12}}""", "ViT-B-16-plus-240.json"));
        assertEquals(ClipConfig.builtin("ViT-B-32-quickgelu"), ClipConfig.parse("""
                {"embed_dim": 512, "quick_gelu": true,
                 "vision_cfg": {"image_size": 224, "layers": 12, "width": 768, "patch_size": 32},
                 "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8, "layers": 12}}""", "b32"));
        assertEquals(ClipConfig.builtin("ViT-B-16"), ClipConfig.parse("""
                {"embed_dim": 512, "vision_cfg": {"image_size": 224, "layers": 12, "width": 768, "patch_size": 16},
                 "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8, "layers": 12}}""", "b16"));
        assertEquals(ClipConfig.builtin("ViT-L-14"), ClipConfig.parse("""
                {"embed_dim": 768, "vision_cfg": {"image_size": 224, "layers": 24, "width": 1024, "patch_size": 14},
                 "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 768, "heads": 12, "layers": 12}}""", "l14"));
        ClipConfig l14 = ClipConfig.builtin("ViT-L-14");
        assertEquals(16, l14.vision().heads());
        assertEquals(257, l14.vision().tokens());
        assertEquals(4096, l14.vision().mlpWidth());
        assertEquals(226, ClipConfig.builtin("ViT-B-16-plus-240").vision().tokens());
        assertEquals(50, ClipConfig.builtin("ViT-B-32-quickgelu").vision().tokens());
    }

    @Test
    void refusesOtherArchitecturesAndBadValues() {
        assertParseError("{\"embed_dim\": 1024, \"vision_cfg\": {\"layers\": [3, 4, 6, 3], \"width\": 64}, \"text_cfg\": {}}", "ModifiedResNet");
        assertParseError("{\"embed_dim\": 512, \"vision_cfg\": {\"ls_init_value\": 0.1}, \"text_cfg\": {}}", "vision_cfg.ls_init_value");
        assertParseError("{\"embed_dim\": 512, \"vision_cfg\": {}, \"text_cfg\": {\"hf_model_name\": \"roberta-base\"}}", "text_cfg.hf_model_name");
        assertParseError("{\"embed_dim\": 512, \"vision_cfg\": {}, \"text_cfg\": {}, \"init_logit_bias\": -10}", "init_logit_bias");
        assertParseError("{\"vision_cfg\": {}, \"text_cfg\": {}}", "'embed_dim' is missing");
        assertParseError("{\"embed_dim\": 512, \"vision_cfg\": {}, \"text_cfg\": {\"width\": 500}}", "not a multiple of heads");
        assertParseError("{\"embed_dim\": 512.5, \"vision_cfg\": {}, \"text_cfg\": {}}", "not an integer");
        assertParseError("{\"embed_dim\": 512, \"vision_cfg\": {\"image_size\": [224, 256]}, \"text_cfg\": {}}", "not square");
        assertParseError("{\"embed_dim\": 512, \"vision_cfg\": {}, \"text_cfg\": {}", "source.json");
    }

    private static void assertParseError(String json, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipConfig.parse(json, "source.json"));
        assertTrue(e.getMessage().contains("source.json") && e.getMessage().contains(fragment), e.getMessage());
    }

    // ---- inference from weights ----

    /**
     * Every layout of the tiny-gelu weights gives the fixture's config.json once the head split,
     * which no weight records, is supplied; the notes say what was guessed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"model.pt", "model_train_ckpt.pt", "model_fp16.pt", "model.safetensors"})
    void infersTheFixtureConfigFromEveryLayout(String file) throws IOException {
        Map<String, HostTensor> sd = CheckpointReader.read(Fixtures.openclip("tiny-gelu/" + file));
        InferredConfig inferred = ClipConfig.infer(sd, "tiny-gelu/" + file);
        ClipConfig expected = tinyGelu();
        assertEquals(expected, inferred.config().withHeads(expected.vision().headWidth(), expected.text().heads()));
        assertTrue(inferred.notes().stream().anyMatch(n -> n.contains("attention heads")), inferred.notes().toString());
        assertTrue(inferred.notes().stream().anyMatch(n -> n.contains("defaulted to false")), inferred.notes().toString());
    }

    @Test
    void quickGeluComesFromTheName() throws IOException {
        Map<String, HostTensor> sd = CheckpointReader.read(Fixtures.openclip("tiny-quickgelu/model.pt"));
        ClipConfig expected = ClipConfig.read(Fixtures.openclip("tiny-quickgelu/config.json"));
        ClipConfig inferred = ClipConfig.infer(sd, "tiny-quickgelu/model.pt").config();
        assertTrue(inferred.quickGelu());
        assertEquals(expected, inferred.withHeads(16, 4));
    }

    /** For real architectures the head split is recovered from the matching built-in. */
    @Test
    void infersEveryBuiltinFromItsShapes() {
        for (String name : ClipConfig.builtinNames()) {
            ClipConfig c = ClipConfig.builtin(name);
            InferredConfig inferred = ClipConfig.inferFromShapes(c.expectedShapes(), name + ".safetensors");
            assertEquals(c, inferred.config(), name);
            assertTrue(inferred.notes().stream().anyMatch(n -> n.contains("built-in")), inferred.notes().toString());
        }
        ClipConfig b32 = ClipConfig.builtin("ViT-B-32-quickgelu");
        assertTrue(ClipConfig.inferFromShapes(b32.expectedShapes(), "ViT-B-32_openai.pt").config().quickGelu());
        assertFalse(ClipConfig.inferFromShapes(b32.expectedShapes(), "ViT-B-32_laion2b.pt").config().quickGelu());
    }

    @Test
    void inferenceNamesWhatIsMissing() {
        Map<String, int[]> shapes = new LinkedHashMap<>(ClipConfig.builtin("ViT-B-16").expectedShapes());
        shapes.remove("visual.conv1.weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipConfig.inferFromShapes(shapes, "x"));
        assertTrue(e.getMessage().contains("visual.conv1.weight"), e.getMessage());
    }

    // ---- validation against a state dict ----

    @Test
    void expectedLayoutIsExactlyOpenClipsStateDict() throws IOException {
        LinkedHashMap<String, HostTensor> sd = CheckpointReader.read(Fixtures.openclip("tiny-gelu/model.pt"));
        LinkedHashMap<String, int[]> expected = tinyGelu().expectedShapes();
        assertEquals(List.copyOf(sd.keySet()), List.copyOf(expected.keySet()), "same names in OpenCLIP's order");
        sd.forEach((k, v) -> assertArrayEquals(expected.get(k), v.shape(), k));
        tinyGelu().validate(sd);
    }

    @Test
    void validationNamesTheTensorAndBothShapes() throws IOException {
        LinkedHashMap<String, HostTensor> sd = CheckpointReader.read(Fixtures.openclip("tiny-gelu/model.safetensors"));
        sd.put("visual.proj", new HostTensor(new int[] {64, 32}, new float[64 * 32]));
        sd.remove("ln_final.bias");
        sd.put("visual.conv1.bias", new HostTensor(new int[] {64}, new float[64]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tinyGelu().validate(sd));
        String m = e.getMessage();
        assertTrue(m.contains("tensor 'visual.proj': expected [64, 48] but the checkpoint has [64, 32]"), m);
        assertTrue(m.contains("missing tensor 'ln_final.bias' (expected [16])"), m);
        assertTrue(m.contains("unexpected tensor 'visual.conv1.bias' [64]"), m);
        assertTrue(m.contains("3 problems"), m);
    }

    @Test
    void attnMaskMayBePresentWithTheRightShape() throws IOException {
        LinkedHashMap<String, HostTensor> sd = CheckpointReader.read(Fixtures.openclip("tiny-gelu/model.safetensors"));
        sd.put("attn_mask", new HostTensor(new int[] {77, 77}, new float[77 * 77]));
        tinyGelu().validate(sd);
        sd.put("attn_mask", new HostTensor(new int[] {76, 76}, new float[76 * 76]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tinyGelu().validate(sd));
        assertTrue(e.getMessage().contains("'attn_mask'"), e.getMessage());
    }

    @Test
    void wrongConfigReportsACappedList() throws IOException {
        LinkedHashMap<String, HostTensor> sd = CheckpointReader.read(Fixtures.openclip("tiny-gelu/model.pt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipConfig.builtin("ViT-B-16").validate(sd));
        assertTrue(e.getMessage().contains("more)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line, a summary of the first few: " + e.getMessage());
    }
}
