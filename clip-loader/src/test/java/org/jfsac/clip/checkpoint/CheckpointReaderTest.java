package org.jfsac.clip.checkpoint;

import org.jfsac.clip.Fixtures;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointReaderTest {
    @TempDir Path tmp;

    @Test
    void detectsTheFormatFromContentNotTheName() throws IOException {
        Path safe = Files.copy(Fixtures.openclip("tiny-gelu/model.safetensors"), tmp.resolve("weights.bin"));
        Path zip = Files.copy(Fixtures.openclip("tiny-gelu/model.pt"), tmp.resolve("weights.safetensors"));
        assertEquals(CheckpointReader.Format.SAFETENSORS, CheckpointReader.detect(safe));
        assertEquals(CheckpointReader.Format.TORCH_ZIP, CheckpointReader.detect(zip));
        assertEquals(CheckpointReader.read(safe), CheckpointReader.read(zip));
    }

    @Test
    void damagedSafetensorsWithItsExtensionIsExplainedByTheSafetensorsValidator() throws IOException {
        Path f = tmp.resolve("broken.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> CheckpointReader.read(f));
        assertTrue(e.getMessage().contains("too short to be a safetensors file"), e.getMessage());
    }

    /** A checkpoint saved on a big-endian machine says so in archive/byteorder. */
    @Test
    void honoursBigEndianByteorder() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict()
                .unicode("w").tensor("0", "FloatStorage", 3, 0, new int[] {3}, new int[] {1}).setitem()
                .stop().bytes();
        Path f = ZipBuilder.checkpoint(tmp.resolve("big.pt"), "big", pickle, ZipBuilder.floats(ByteOrder.BIG_ENDIAN, 1.5f, -2f, 1e-3f));
        Map<String, HostTensor> sd = CheckpointReader.read(f);
        assertArrayEquals(new float[] {1.5f, -2f, 1e-3f}, sd.get("w").data());
        Path odd = ZipBuilder.checkpoint(tmp.resolve("odd.pt"), "middle", pickle, ZipBuilder.floats(1, 2, 3));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> CheckpointReader.read(odd));
        assertTrue(e.getMessage().contains("unknown byteorder 'middle'"), e.getMessage());
    }
}
