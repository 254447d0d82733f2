package org.jfsac.fsac.towers;

import org.jfsac.clip.checkpoint.CheckpointReader;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Streaming a checkpoint into a model (ClipModels.load, ClipModel.fromCheckpoint) against loading
 * the whole state dict first (ClipModel.fromStateDict, which ClipParityTest checks against OpenCLIP):
 * the parameters must be bit-identical, so no tolerance is involved.
 */
class ClipCheckpointLoadTest {
    private static final Backend CPU = Devices.cpu();
    @TempDir Path tmp;

    private static void assertSameParameters(ClipModel expected, ClipModel actual) {
        Map<String, Tensor> want = expected.namedParameters(), got = actual.namedParameters();
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
        want.forEach((name, t) -> assertArrayEquals(t.toArray(), got.get(name).toArray(), name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.pt", "model_fp16.pt", "model_train_ckpt.pt", "model.safetensors"})
    void streamedModelEqualsTheStateDictModel(String layout) throws IOException {
        Path file = Fixtures.root().resolve("tiny-gelu").resolve(layout);
        ClipConfig cfg = Fixtures.config("tiny-gelu");
        ClipModel whole = ClipModel.fromStateDict(CPU, cfg, CheckpointReader.read(file));
        assertSameParameters(whole, ClipModel.fromCheckpoint(CPU, cfg, file));
        ClipModels.Loaded loaded = ClipModels.load(CPU, file, null, Fixtures.root().resolve("tiny-gelu/config.json"));
        assertSameParameters(whole, loaded.model());
    }

    /** No config given and none embedded: the architecture is inferred from the shapes alone. */
    @Test
    void infersTheConfigFromShapesWithoutReadingTheStateDict() throws IOException {
        Path file = Fixtures.root().resolve("tiny-gelu/model.pt");
        ClipModels.Loaded loaded = ClipModels.load(CPU, file, null, null);
        assertEquals("inferred from tensor shapes", loaded.configSource());
        ClipConfig inferred = loaded.config();
        // heads cannot be read from weights; everything else must match the fixture's config
        ClipConfig expected = Fixtures.config("tiny-gelu");
        assertEquals(expected.withHeads(inferred.vision().headWidth(), inferred.text().heads()), inferred);
        assertSameParameters(ClipModel.fromStateDict(CPU, inferred, CheckpointReader.read(file)), loaded.model());
    }

    @Test
    void wrongShapeNamesTheTensorAndBothShapes() throws IOException {
        LinkedHashMap<String, HostTensor> sd = CheckpointReader.read(Fixtures.root().resolve("tiny-gelu/model.safetensors"));
        sd.put("visual.proj", new HostTensor(new int[] {64, 40}, new float[64 * 40])); // the config says [64, 48]
        Path file = tmp.resolve("wrong.safetensors");
        SafeTensors.write(file, sd);
        Path config = Fixtures.root().resolve("tiny-gelu/config.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipModels.load(CPU, file, null, config));
        for (String part : List.of(file.toString(), config.toString(), "tensor 'visual.proj'", "expected [64, 48]", "has [64, 40]")) {
            assertTrue(e.getMessage().contains(part), "message lacks \"" + part + "\": " + e.getMessage());
        }
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> ClipModel.fromCheckpoint(CPU, Fixtures.config("tiny-gelu"), file));
        assertTrue(direct.getMessage().startsWith("checkpoint " + file + ": "), direct.getMessage());
        assertTrue(direct.getMessage().contains("tensor 'visual.proj': expected [64, 48] but the checkpoint has [64, 40]"), direct.getMessage());
    }

    /** OpenCLIP's causal mask is a buffer, not a parameter: present or absent, it is skipped. */
    @Test
    void attnMaskIsIgnored() throws IOException {
        Path plain = Fixtures.root().resolve("tiny-gelu/model.safetensors");
        LinkedHashMap<String, HostTensor> sd = CheckpointReader.read(plain);
        sd.put("attn_mask", new HostTensor(new int[] {77, 77}, new float[77 * 77]));
        Path file = tmp.resolve("with_mask.safetensors");
        SafeTensors.write(file, sd);
        ClipConfig cfg = Fixtures.config("tiny-gelu");
        assertSameParameters(ClipModel.fromCheckpoint(CPU, cfg, plain), ClipModel.fromCheckpoint(CPU, cfg, file));
    }

    /**
     * The per-tensor checks behind the streaming load. The config check before streaming already catches
     * these for a file read once; the sink is what stops a file that changes between the two reads.
     */
    @Test
    void sinkRefusesUnknownMisshapenRepeatedAndMissingTensors() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("a", Tensor.zeros(CPU, 2, 3));
        params.put("b", Tensor.zeros(CPU, 4));
        ParameterSink sink = new ParameterSink(params, Set.of("a", "b", "attn_mask"));

        sink.accept("attn_mask", new HostTensor(new int[] {2, 2}, new float[4]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sink.accept("c", new HostTensor(new int[] {1}, new float[1])));
        assertEquals("unexpected tensor 'c' [1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sink.accept("a", new HostTensor(new int[] {3, 2}, new float[6])));
        assertEquals("tensor 'a': expected [2, 3] but the checkpoint has [3, 2]", e.getMessage());

        float[] values = {1, 2, 3, 4, 5, 6};
        sink.accept("a", new HostTensor(new int[] {2, 3}, values));
        assertArrayEquals(values, params.get("a").toArray());
        e = assertThrows(IllegalArgumentException.class, () -> sink.accept("a", new HostTensor(new int[] {2, 3}, values)));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, sink::finish);
        assertEquals("the checkpoint gave no value for 1 parameters: 'b' [4]", e.getMessage());

        sink.accept("b", new HostTensor(new int[] {4}, new float[] {7, 8, 9, 10}));
        sink.finish();
        assertArrayEquals(new float[] {7, 8, 9, 10}, params.get("b").toArray());
    }
}
