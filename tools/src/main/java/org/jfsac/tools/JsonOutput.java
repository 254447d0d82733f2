package org.jfsac.tools;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringWriter;

/**
 * JSON for stdout, strictly: Gson writes NaN and Infinity into a JsonElement's text when not told
 * otherwise, which is not JSON. Here a non-finite number is an error instead.
 */
final class JsonOutput {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private JsonOutput() {}

    /** Pretty-printed. */
    static String strict(JsonElement json) throws IOException {
        return strict(json, true);
    }

    static String strict(JsonElement json, boolean pretty) throws IOException {
        Gson gson = pretty ? PRETTY : COMPACT;
        StringWriter out = new StringWriter();
        JsonWriter w = gson.newJsonWriter(out);
        w.setStrictness(Strictness.STRICT);
        try {
            gson.toJson(json, w);
        } catch (IllegalArgumentException e) {
            throw new IOException("refusing to print invalid JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
