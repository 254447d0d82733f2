package org.jfsac.fsac.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads metrics/sklearn_reference.json, written by make_reference.py beside it. */
final class SklearnReference {

    private static final String RESOURCE = "/metrics/sklearn_reference.json";
    private static JsonObject root;

    private SklearnReference() {
    }

    static synchronized JsonObject root() {
        if (root == null) {
            try (InputStream in = SklearnReference.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + RESOURCE + " is missing");
                }
                root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static List<JsonObject> cases(String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : root().getAsJsonArray(kind)) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** The JSON holds float32 values widened to double, so narrowing them back is exact. */
    static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).getAsDouble();
        }
        return out;
    }

    static boolean[] booleans(JsonArray a) {
        boolean[] out = new boolean[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt() != 0;
        }
        return out;
    }
}
