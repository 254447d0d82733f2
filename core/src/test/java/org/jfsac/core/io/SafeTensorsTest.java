package org.jfsac.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {
    @TempDir Path tmp;

    private static Path fixture() {
        return Path.of(System.getProperty("jfsac.testdata"), "openclip/tiny-gelu/model.safetensors");
    }

    private static HostTensor ramp(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float) Math.cos(i * 0.37) * (i + 1);
        return new HostTensor(shape, data);
    }

    @Test
    void readsTheReferenceFileAndRewritesItByteForByte() throws IOException {
        LinkedHashMap<String, HostTensor> tensors;
        Map<String, String> metadata;
        try (SafeTensorsReader r = SafeTensorsReader.open(fixture())) {
            metadata = r.metadata();
            tensors = r.readAllFloat();
            assertEquals("F32", r.entry("visual.conv1.weight").dtype());
        }
        assertEquals(Map.of("format", "pt"), metadata);
        assertArrayEquals(new int[] {64, 3, 8, 8}, tensors.get("visual.conv1.weight").shape());
        assertArrayEquals(new int[] {}, tensors.get("logit_scale").shape());
        // Writing the same tensors in the same order must reproduce the reference writer's bytes:
        // same JSON layout, same space padding, same little-endian data.
        Path out = tmp.resolve("copy.safetensors");
        SafeTensors.write(out, tensors, metadata, ElementType.FLOAT32);
        assertArrayEquals(Files.readAllBytes(fixture()), Files.readAllBytes(out));
    }

    @Test
    void roundTripsF32Exactly() throws IOException {
        Map<String, HostTensor> in = new LinkedHashMap<>();
        in.put("a", ramp(3, 5));
        in.put("scalar", ramp());
        in.put("empty", ramp(0, 4));
        in.put("b.c", ramp(2, 2, 2));
        Path f = tmp.resolve("t.safetensors");
        SafeTensors.write(f, in, Map.of("note", "<x & y>"), ElementType.FLOAT32);
        assertEquals(in, SafeTensors.read(f));
        assertEquals(List.of("a", "scalar", "empty", "b.c"), List.copyOf(SafeTensors.read(f).keySet()));
        try (SafeTensorsReader r = SafeTensorsReader.open(f)) {
            assertEquals(Map.of("note", "<x & y>"), r.metadata());
        }
    }

    /** F16 storage keeps each value rounded to the nearest half (checked with Half, itself tested exhaustively). */
    @Test
    void roundTripsF16AndBf16ToTheirRounding() throws IOException {
        HostTensor t = ramp(4, 7);
        Path f = tmp.resolve("h.safetensors");
        for (ElementType type : List.of(ElementType.FLOAT16, ElementType.BFLOAT16)) {
            SafeTensors.write(f, Map.of("w", t), Map.of(), type);
            HostTensor back = SafeTensors.read(f).get("w");
            for (int i = 0; i < t.numel(); i++) {
                float expected = type == ElementType.FLOAT16
                        ? Half.toFloat(Half.fromFloat(t.data()[i]))
                        : Half.bf16ToFloat(Half.bf16FromFloat(t.data()[i]));
                assertEquals(expected, back.data()[i]);
            }
            try (SafeTensorsReader r = SafeTensorsReader.open(f)) {
                assertEquals(type == ElementType.FLOAT16 ? "F16" : "BF16", r.entry("w").dtype());
                assertEquals(4 * 7 * 2, r.entry("w").end() - r.entry("w").begin(), "2 bytes per element");
            }
        }
    }

    @Test
    void readsIntegerTensorsExactly() throws IOException {
        long[] ids = {0, -3, 1L << 40, 49407};
        Path f = write("{\"ids\":{\"dtype\":\"I64\",\"shape\":[4],\"data_offsets\":[0,32]}}", longsLE(ids));
        try (SafeTensorsReader r = SafeTensorsReader.open(f)) {
            assertArrayEquals(ids, r.readLong("ids").data());
            assertEquals((float) (1L << 40), r.readFloat("ids").data()[2]);
        }
    }

    @Test
    void failedWriteLeavesNoTempFileAndKeepsTheOldFile() throws IOException {
        Path f = tmp.resolve("keep.safetensors");
        SafeTensors.write(f, Map.of("w", ramp(2)));
        byte[] before = Files.readAllBytes(f);
        Map<String, HostTensor> failing = new FailingSecondPass(Map.of("w", ramp(100)));
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(f, failing));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList(), "the temporary file was removed");
        }
    }

    /** A map whose second iteration (the data pass of the writer) fails, to break a write half way. */
    private static final class FailingSecondPass extends AbstractMap<String, HostTensor> {
        private final Map<String, HostTensor> inner;
        private int passes;

        FailingSecondPass(Map<String, HostTensor> inner) { this.inner = inner; }

        @Override
        public Set<Entry<String, HostTensor>> entrySet() {
            if (++passes > 1) throw new IllegalStateException("simulated failure while streaming data");
            return inner.entrySet();
        }
    }

    // ---- hostile and malformed headers: each message names the file and the problem ----

    @Test
    void overlappingOffsets() throws IOException {
        Path f = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertRefused(f, "tensor 'b'", "overlaps tensor 'a'");
    }

    @Test
    void headerLengthTwoToThe63() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MIN_VALUE).put("{}      ".getBytes(StandardCharsets.US_ASCII));
        Path f = tmp.resolve("huge.safetensors");
        Files.write(f, b.array());
        assertRefused(f, "9223372036854775808", "limit");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put("{}      ".getBytes(StandardCharsets.US_ASCII));
        Path f = tmp.resolve("long.safetensors");
        Files.write(f, b.array());
        assertRefused(f, "1000", "exceeds the file size");
    }

    @Test
    void nonJsonHeader() throws IOException {
        assertRefused(write("{not json at all}", new byte[0]), "not valid JSON");
        assertRefused(write("[1, 2]", new byte[0]), "does not start with '{'");
        assertRefused(write("{\"a\": 3}", new byte[0]), "not the expected JSON structure");
    }

    @Test
    void invalidUtf8Header() throws IOException {
        byte[] header = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertRefused(writeRaw(header, new byte[0]), "not valid UTF-8");
    }

    @Test
    void sizeGapAndTotalMismatches() throws IOException {
        assertRefused(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor 'a'", "needs 12 bytes", "span 8");
        assertRefused(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "tensor 'a'", "gap of 4");
        assertRefused(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[9]),
                "cover 4 bytes", "9 data bytes");
        assertRefused(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", new byte[8]),
                "tensor 'a'", "end before they begin");
        assertRefused(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a'", "overflows");
    }

    @Test
    void unknownDtypeDuplicatesAndBadMetadata() throws IOException {
        assertRefused(write("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]), "tensor 'a'", "unknown dtype 'Q7'");
        assertRefused(write("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]), "duplicate tensor 'a'");
        assertRefused(write("{\"__metadata__\":{\"k\":3}}", new byte[0]), "__metadata__", "'k'");
        assertRefused(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]), "tensor 'a'", "negative");
    }

    @Test
    void unconvertibleDtypeFailsOnlyWhenRead() throws IOException {
        Path f = write("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        try (SafeTensorsReader r = SafeTensorsReader.open(f)) {
            TensorFormatException e = assertThrows(TensorFormatException.class, () -> r.readFloat("a"));
            assertTrue(e.getMessage().contains("F8_E4M3") && e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    private void assertRefused(Path f, String... fragments) {
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "mentions '" + s + "': " + e.getMessage());
    }

    private int counter;

    private Path write(String header, byte[] data) throws IOException {
        return writeRaw(header.getBytes(StandardCharsets.UTF_8), data);
    }

    private Path writeRaw(byte[] header, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        Path f = tmp.resolve("case" + (counter++) + ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static byte[] longsLE(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return b.array();
    }
}
