package org.jfsac.tools;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.io.AtomicFiles;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.core.io.SafeTensorsReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decision threshold kept in a head's metadata under "threshold": {@code value} (what predict uses), the
 * {@code rule} that chose it, and both candidates calibrate computed, so the choice can be revisited.
 */
final class HeadThreshold {
    static final String KEY = "threshold";
    private static final String HEAD_METADATA = "jfsac.head";

    private HeadThreshold() {}

    /** The stored threshold, or null when the head has not been calibrated. */
    static Double stored(Map<String, String> headMetadata) {
        String raw = headMetadata.get(KEY);
        JsonElement t = raw == null ? null : JsonParser.parseString(raw);
        if (t == null || !t.isJsonObject() || !t.getAsJsonObject().has("value")) return null;
        return t.getAsJsonObject().get("value").getAsDouble();
    }

    /**
     * Rewrites the head with {@code threshold} in its metadata (every other key and tensor kept as is) and its JSON
     * sidecar, each atomically.
     */
    static void store(Path head, JsonObject threshold) throws IOException {
        Map<String, String> metadata;
        Map<String, HostTensor> tensors;
        try (SafeTensorsReader r = SafeTensorsReader.open(head)) {
            metadata = new LinkedHashMap<>(r.metadata());
            tensors = r.readAllFloat(); // heads are written as float32: nothing is rounded
        }
        JsonObject meta = JsonParser.parseString(metadata.get(HEAD_METADATA)).getAsJsonObject();
        meta.add(KEY, threshold);
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(meta);
        metadata.put(HEAD_METADATA, json);
        SafeTensors.write(head, tensors, metadata, ElementType.FLOAT32);
        AtomicFiles.writeString(head.resolveSibling(head.getFileName() + ".json"), json);
    }
}
