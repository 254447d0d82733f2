package org.jfsac.clip.checkpoint;

import org.jfsac.clip.Fixtures;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** shapes() and stream() against read(), which holds the whole state dict and is tested on its own elsewhere. */
class CheckpointStreamTest {
    @TempDir Path tmp;

    /** Everything stream() hands over, failing on a name delivered twice. */
    private static LinkedHashMap<String, HostTensor> streamed(Path file) throws IOException {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        CheckpointReader.stream(file, (name, t) -> assertNull(out.put(name, t), "'" + name + "' delivered twice"));
        return out;
    }

    private static void assertSameShapes(Map<String, HostTensor> expected, LinkedHashMap<String, int[]> shapes) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(shapes.keySet()), "names and their order");
        expected.forEach((name, t) -> assertArrayEquals(t.shape(), shapes.get(name), name));
    }

    /**
     * The four layouts of the tiny model (plain, fp16, training checkpoint with module. prefixes,
     * safetensors): each tensor has its own storage there, so stream() must also keep read()'s order.
     */
    @ParameterizedTest
    @ValueSource(strings = {"model.pt", "model_fp16.pt", "model_train_ckpt.pt", "model.safetensors"})
    void streamDeliversExactlyReadsTensors(String layout) throws IOException {
        Path file = Fixtures.openclip("tiny-gelu/" + layout);
        LinkedHashMap<String, HostTensor> whole = CheckpointReader.read(file);
        LinkedHashMap<String, HostTensor> streamed = streamed(file);
        assertEquals(List.copyOf(whole.keySet()), List.copyOf(streamed.keySet()));
        assertEquals(whole, streamed);
        assertSameShapes(whole, CheckpointReader.shapes(file));
        assertFalse(streamed.keySet().stream().anyMatch(k -> k.startsWith("module.")), "prefix stripped as read() does");
    }

    /** views.pt: several tensors are views of one storage, so stream() may deliver them in storage order. */
    @Test
    void viewsOfOneStorageAreEachDeliveredOnce() throws IOException, URISyntaxException {
        Path file = Path.of(getClass().getResource("/torch/views.pt").toURI());
        LinkedHashMap<String, HostTensor> whole = CheckpointReader.read(file);
        assertEquals(whole, streamed(file));
        assertSameShapes(whole, CheckpointReader.shapes(file));
    }

    /**
     * A storage whose compressed bytes are damaged (deflate block type 3 does not exist), in an archive
     * whose directory is intact: shapes() never reads it, stream() and read() fail naming it and the file.
     */
    @Test
    void shapesReadsNoTensorData() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict()
                .unicode("w").tensor("0", "FloatStorage", 4, 0, new int[] {2, 2}, new int[] {2, 1}).setitem()
                .stop().bytes();
        Path file = ZipBuilder.checkpoint(tmp.resolve("damaged.pt"), pickle, ZipBuilder.floats(1, 2, 3, 4));
        corruptFirstDataByte(file, "archive/data/0");

        assertArrayEquals(new int[] {2, 2}, CheckpointReader.shapes(file).get("w"));
        for (var load : List.<Load>of(CheckpointReader::read, f -> CheckpointReader.stream(f, (n, t) -> fail("delivered " + n)))) {
            TensorFormatException e = assertThrows(TensorFormatException.class, () -> load.from(file));
            assertTrue(e.getMessage().startsWith("checkpoint " + file + ": storage '0': corrupt compressed data"), e.getMessage());
        }
    }

    @Test
    void anExceptionFromTheSinkEndsTheStreamUnchanged() throws IOException {
        Path file = Fixtures.openclip("tiny-gelu/model.pt");
        IOException stop = new IOException("sink is full");
        List<String> seen = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> CheckpointReader.stream(file, (name, t) -> {
            seen.add(name);
            throw stop;
        }));
        assertSame(stop, e);
        assertEquals(1, seen.size());
    }

    private interface Load {
        void from(Path file) throws IOException;
    }

    /** Sets the first byte of an entry's stored data (found through its local file header) to 0xFF. */
    private static void corruptFirstDataByte(Path zip, String entry) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, name); // the local header comes first in the file, the central directory last
        int header = at - 30;
        assertEquals(0x04034b50, le32(bytes, header), "local file header signature");
        int extra = (bytes[header + 28] & 0xFF) | (bytes[header + 29] & 0xFF) << 8;
        bytes[at + name.length + extra] = (byte) 0xFF;
        Files.write(zip, bytes);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
