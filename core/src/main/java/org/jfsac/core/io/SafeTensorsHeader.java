package org.jfsac.core.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a safetensors header with the rules of the reference implementation
 * (huggingface/safetensors): an 8-byte little-endian length of at most 100 MB that fits in the
 * file, a UTF-8 JSON object starting with '{', tensors whose byte ranges, sorted, are contiguous
 * from 0, each exactly shape × dtype size long, and together exactly covering the data section.
 */
record SafeTensorsHeader(Map<String, String> metadata, List<SafeTensorsReader.Entry> entries, long dataStart) {

    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    static SafeTensorsHeader read(FileChannel ch, String file) throws IOException {
        long size = ch.size();
        if (size < 8) throw new TensorFormatException(file + ": too short to be a safetensors file (" + size + " bytes)");
        long n = ChannelIO.readExactly(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0) {
            throw new TensorFormatException(file + ": safetensors header length " + Long.toUnsignedString(n)
                    + " exceeds the " + MAX_HEADER_BYTES + "-byte limit (corrupt or not a safetensors file)");
        }
        if (8 + n > size) {
            throw new TensorFormatException(file + ": safetensors header length " + n + " exceeds the file size " + size);
        }
        String text = utf8(ChannelIO.readExactly(ch, 8, (int) n, file), file);
        if (!text.startsWith("{")) throw new TensorFormatException(file + ": safetensors header does not start with '{'");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafeTensorsReader.Entry> entries = parse(text, file, metadata);
        long dataLength = size - 8 - n;
        validate(entries, dataLength, file);
        return new SafeTensorsHeader(Collections.unmodifiableMap(metadata), List.copyOf(entries), 8 + n);
    }

    private static String utf8(ByteBuffer bytes, String file) throws TensorFormatException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new TensorFormatException(file + ": safetensors header is not valid UTF-8");
        }
    }

    private static List<SafeTensorsReader.Entry> parse(String text, String file, Map<String, String> metadata)
            throws TensorFormatException {
        List<SafeTensorsReader.Entry> entries = new ArrayList<>();
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            r.beginObject();
            boolean sawMetadata = false;
            Set<String> names = new HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (name.equals(METADATA_KEY)) {
                    if (sawMetadata) throw new TensorFormatException(file + ": duplicate " + METADATA_KEY);
                    sawMetadata = true;
                    readMetadata(r, file, metadata);
                } else {
                    if (!names.add(name)) throw new TensorFormatException(file + ": duplicate tensor '" + name + "'");
                    entries.add(readEntry(r, name, file));
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) throw new TensorFormatException(file + ": trailing data after the JSON header");
        } catch (TensorFormatException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // MalformedJsonException / EOFException are IOExceptions; wrong token types are IllegalStateException
            String why = e instanceof MalformedJsonException || e instanceof java.io.EOFException ? "not valid JSON" : "not the expected JSON structure";
            throw new TensorFormatException(file + ": safetensors header is " + why + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private static void readMetadata(JsonReader r, String file, Map<String, String> metadata) throws IOException {
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (r.peek() != JsonToken.STRING) {
                throw new TensorFormatException(file + ": " + METADATA_KEY + " value for '" + key + "' is not a string");
            }
            metadata.put(key, r.nextString());
        }
        r.endObject();
    }

    private static SafeTensorsReader.Entry readEntry(JsonReader r, String name, String file) throws IOException {
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName()) {
                case "dtype" -> dtype = r.nextString();
                case "shape" -> shape = longs(r, name, "shape", file);
                case "data_offsets" -> offsets = longs(r, name, "data_offsets", file);
                default -> r.skipValue();
            }
        }
        r.endObject();
        String where = file + ": tensor '" + name + "'";
        if (dtype == null || shape == null || offsets == null) {
            throw new TensorFormatException(where + " lacks dtype, shape or data_offsets");
        }
        if (SafeTensorsDType.size(dtype) == 0) throw new TensorFormatException(where + " has unknown dtype '" + dtype + "'");
        if (offsets.length != 2) throw new TensorFormatException(where + ": data_offsets must have 2 entries, not " + offsets.length);
        return new SafeTensorsReader.Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(JsonReader r, String tensor, String field, String file) throws IOException {
        List<Long> out = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) {
                throw new TensorFormatException(file + ": tensor '" + tensor + "': " + field + " must hold integers");
            }
            long v = r.nextLong();
            if (v < 0) throw new TensorFormatException(file + ": tensor '" + tensor + "': negative " + field + " entry " + v);
            out.add(v);
        }
        r.endArray();
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static void validate(List<SafeTensorsReader.Entry> entries, long dataLength, String file)
            throws TensorFormatException {
        List<SafeTensorsReader.Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(SafeTensorsReader.Entry::begin).thenComparingLong(SafeTensorsReader.Entry::end));
        long end = 0;
        SafeTensorsReader.Entry previous = null;
        for (SafeTensorsReader.Entry e : sorted) {
            String where = file + ": tensor '" + e.name() + "' (bytes " + e.begin() + ".." + e.end() + ")";
            if (e.end() < e.begin()) throw new TensorFormatException(where + ": data_offsets end before they begin");
            if (e.begin() < end) {
                throw new TensorFormatException(where + " overlaps tensor '" + previous.name() + "' (bytes "
                        + previous.begin() + ".." + previous.end() + ")");
            }
            if (e.begin() > end) {
                throw new TensorFormatException(where + " leaves a gap of " + (e.begin() - end) + " unclaimed bytes before it");
            }
            long numel = Shapes.numelOrNegative(e.shape());
            int elementBytes = SafeTensorsDType.size(e.dtype());
            if (numel < 0 || numel > Long.MAX_VALUE / elementBytes) {
                throw new TensorFormatException(where + ": shape " + Arrays.toString(e.shape()) + " overflows");
            }
            if (numel * elementBytes != e.end() - e.begin()) {
                throw new TensorFormatException(where + ": shape " + Arrays.toString(e.shape()) + " of " + e.dtype()
                        + " needs " + numel * elementBytes + " bytes but its data_offsets span " + (e.end() - e.begin()));
            }
            end = e.end();
            previous = e;
        }
        if (end != dataLength) {
            throw new TensorFormatException(file + ": tensors cover " + end + " bytes but the file holds "
                    + dataLength + " data bytes after the header (truncated or padded file)");
        }
    }
}
