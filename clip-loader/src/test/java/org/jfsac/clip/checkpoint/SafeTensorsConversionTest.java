package org.jfsac.clip.checkpoint;

import org.jfsac.clip.Fixtures;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensorsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** jfsac convert's work, done in clip-loader: the same tensors, the config embedded, the checkpoint opened once. */
class SafeTensorsConversionTest {
    @TempDir Path tmp;

    @Test
    void convertsWithTheInferredConfigEmbeddedAndTheSameWeights() throws IOException {
        Path in = Fixtures.openclip("tiny-gelu/model_train_ckpt.pt");
        Path out = tmp.resolve("m.safetensors");
        List<String> heard = new ArrayList<>();
        int[] total = {-1};
        long opensBefore = CheckpointOpens.count(in);
        SafeTensorsConversion.Result r = SafeTensorsConversion.convert(in, out, null, false, new SafeTensorsConversion.Listener() {
            @Override public void reading(int tensors) { total[0] = tensors; }

            @Override public void read(String name) { heard.add(name); }
        });
        assertEquals(2, CheckpointOpens.count(in) - opensBefore, "one CheckpointFile: its channel and the ZipFile");
        Map<String, HostTensor> want = CheckpointReader.read(in);
        assertEquals(want, CheckpointReader.read(out), "same names and values");
        assertEquals(want.size(), r.tensors());
        assertEquals(want.size(), total[0]);
        assertEquals(want.keySet(), new java.util.HashSet<>(heard));
        try (SafeTensorsReader st = SafeTensorsReader.open(out)) {
            ClipConfig embedded = ClipConfig.parse(st.metadata().get(SafeTensorsConversion.CONFIG_METADATA_KEY), "metadata");
            assertEquals(ClipConfig.infer(want, in.getFileName().toString()).config(), embedded);
            assertEquals(r.config(), embedded);
        }
    }

    @Test
    void refusesToOverwriteItsInput() {
        Path in = Fixtures.openclip("tiny-gelu/model.safetensors");
        assertThrows(IllegalArgumentException.class, () -> SafeTensorsConversion.convert(in, in, null, false, new SafeTensorsConversion.Listener() {}));
    }
}
