package org.jfsac.clip.checkpoint;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.clip.Fixtures;
import org.jfsac.core.io.Half;
import org.jfsac.core.io.HostTensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TorchCheckpointTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchCheckpointTest.class.getResource("/torch/" + name).toURI());
    }

    /** Four layouts of the same weights (see the fixture README) must load to the same tensors. */
    @Test
    void allFixtureLayoutsLoadToIdenticalTensors() throws IOException {
        LinkedHashMap<String, HostTensor> plain = CheckpointReader.read(Fixtures.openclip("tiny-gelu/model.pt"));
        LinkedHashMap<String, HostTensor> train = CheckpointReader.read(Fixtures.openclip("tiny-gelu/model_train_ckpt.pt"));
        LinkedHashMap<String, HostTensor> safe = CheckpointReader.read(Fixtures.openclip("tiny-gelu/model.safetensors"));
        assertEquals(62, plain.size()); // as listed in the safetensors header
        assertEquals(List.copyOf(plain.keySet()), List.copyOf(train.keySet()), "module. stripped, pickled order kept");
        assertEquals(plain, train);
        assertEquals(plain, safe, "the zip/pickle path and the safetensors path agree exactly");
    }

    /**
     * model_fp16.pt is model.pt after torch's .half(), which rounds to nearest even; so each fp16
     * value must equal our own rounding of the fp32 value exactly (no tolerance needed).
     */
    @Test
    void fp16CheckpointEqualsFp32RoundedToHalf() throws IOException {
        LinkedHashMap<String, HostTensor> plain = TorchCheckpoint.read(Fixtures.openclip("tiny-gelu/model.pt"));
        LinkedHashMap<String, HostTensor> half = TorchCheckpoint.read(Fixtures.openclip("tiny-gelu/model_fp16.pt"));
        assertEquals(plain.keySet(), half.keySet());
        long differing = 0;
        for (Map.Entry<String, HostTensor> e : plain.entrySet()) {
            HostTensor h = half.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), h.shape(), e.getKey());
            float[] f32 = e.getValue().data();
            for (int i = 0; i < f32.length; i++) {
                assertEquals(Half.toFloat(Half.fromFloat(f32[i])), h.data()[i], e.getKey() + "[" + i + "]");
                if (h.data()[i] != f32[i]) differing++;
            }
        }
        assertTrue(differing > 100_000, "the fp16 file really is rounded (" + differing + " values differ from fp32)");
    }

    /**
     * Per-tensor float64 sums as torch.load computed them (resources/torch/tiny_gelu_sums.json, made by
     * make_torch_fixtures.py). Our float32 data summed in double matches to 1e-9 relative (only the
     * summation order differs); a decoding error would be off by orders of magnitude more.
     */
    @Test
    void fixtureMatchesTorchLoadReferenceSums() throws Exception {
        LinkedHashMap<String, HostTensor> sd = TorchCheckpoint.read(Fixtures.openclip("tiny-gelu/model.pt"));
        JsonObject sums;
        try (InputStream in = getClass().getResourceAsStream("/torch/tiny_gelu_sums.json")) {
            sums = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        assertEquals(sums.keySet(), sd.keySet());
        for (String name : sums.keySet()) {
            double sum = 0;
            double abs = 0;
            for (float v : sd.get(name).data()) {
                sum += v;
                abs += Math.abs(v);
            }
            assertEquals(sums.get(name).getAsDouble(), sum, 1e-9 * Math.max(abs, 1e-30), name);
        }
    }

    /** views.pt (make_torch_fixtures.py): strided views of base = arange(60).reshape(6, 10), and dtypes. */
    @Test
    void readsStridedViewsParametersAndDtypes() throws Exception {
        LinkedHashMap<String, HostTensor> sd = TorchCheckpoint.read(resource("views.pt"));
        assertEquals(List.of("rows", "transposed", "column", "scalar", "stepped", "param", "half", "bf16", "double", "long", "empty"),
                List.copyOf(sd.keySet()));
        assertTensor(sd.get("rows"), new int[] {2, 10}, (i) -> 10f + i);
        assertTensor(sd.get("transposed"), new int[] {10, 6}, (i) -> (i % 6) * 10f + i / 6);
        assertTensor(sd.get("column"), new int[] {6}, (i) -> i * 10f + 2);
        assertTensor(sd.get("scalar"), new int[] {}, (i) -> 23f);
        assertTensor(sd.get("stepped"), new int[] {3, 3}, (i) -> (i / 3) * 20f + 1 + (i % 3) * 3);
        assertTensor(sd.get("param"), new int[] {2, 3}, (i) -> i / 4f);
        assertTensor(sd.get("half"), new int[] {8}, (i) -> Half.toFloat(Half.fromFloat(i / 8f - 0.3f)));
        assertTensor(sd.get("bf16"), new int[] {8}, (i) -> i * 1.5f - 2);
        assertTensor(sd.get("double"), new int[] {5}, (i) -> (float) (i / 3.0));
        assertTensor(sd.get("long"), new int[] {4}, (i) -> i * 1000f - 1);
        assertTensor(sd.get("empty"), new int[] {0, 3}, (i) -> 0f);
    }

    @Test
    void findsWeightsUnderModelKeyAndStripsModulePrefix() throws Exception {
        LinkedHashMap<String, HostTensor> sd = CheckpointReader.read(resource("nested_model.pt"));
        assertEquals(List.of("w", "b"), List.copyOf(sd.keySet()));
        assertTensor(sd.get("w"), new int[] {3, 2}, (i) -> i);
        assertTensor(sd.get("b"), new int[] {2}, (i) -> 1f);
    }

    private interface Formula {
        float at(int i);
    }

    private static void assertTensor(HostTensor t, int[] shape, Formula f) {
        assertArrayEquals(shape, t.shape());
        for (int i = 0; i < t.numel(); i++) assertEquals(f.at(i), t.data()[i], "element " + i);
    }
}
