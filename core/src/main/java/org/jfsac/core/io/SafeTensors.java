package org.jfsac.core.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading and writing whole safetensors files; see {@link SafeTensorsReader} for random access. */
public final class SafeTensors {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafeTensors() {}

    /** Every tensor of the file as float32, in file order. */
    public static LinkedHashMap<String, HostTensor> read(Path file) throws IOException {
        try (SafeTensorsReader r = SafeTensorsReader.open(file)) {
            return r.readAllFloat();
        }
    }

    public static void write(Path file, Map<String, HostTensor> tensors) throws IOException {
        write(file, tensors, Map.of(), ElementType.FLOAT32);
    }

    /**
     * Writes the tensors in map order as {@code dtype} (FLOAT32, FLOAT16 or BFLOAT16), streaming one
     * tensor at a time, atomically (a failed write leaves no file and keeps any previous one).
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata, ElementType dtype)
            throws IOException {
        if (!dtype.isFloating() || dtype == ElementType.FLOAT64) {
            throw new IllegalArgumentException("safetensors writing supports FLOAT32, FLOAT16 and BFLOAT16, not " + dtype);
        }
        ByteBuffer header = header(tensors, metadata, SafeTensorsDType.name(dtype), dtype.bytes(), file);
        AtomicFiles.write(file, ch -> {
            ChannelIO.writeFully(ch, header);
            for (HostTensor t : tensors.values()) ChannelIO.writeFloats(ch, t.data(), dtype);
        });
    }

    /** Length prefix and JSON header, padded with spaces to a multiple of 8 bytes as the reference writer does. */
    private static ByteBuffer header(Map<String, HostTensor> tensors, Map<String, String> metadata, String dtype,
                                     int elementBytes, Path file) {
        JsonObject root = new JsonObject();
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException(file + ": invalid tensor name '" + name + "'");
            }
            JsonObject info = new JsonObject();
            info.addProperty("dtype", dtype);
            JsonArray shape = new JsonArray();
            for (int d : e.getValue().shape()) shape.add(d);
            info.add("shape", shape);
            long end = offset + (long) e.getValue().numel() * elementBytes;
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(end);
            info.add("data_offsets", offsets);
            root.add(name, info);
            offset = end;
        }
        if (!metadata.isEmpty()) {
            // after the tensors, where the file that our fixtures came from has it (readers accept any position)
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            root.add(SafeTensorsHeader.METADATA_KEY, meta);
        }
        byte[] json = GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) b.put((byte) ' ');
        return b.flip();
    }
}
