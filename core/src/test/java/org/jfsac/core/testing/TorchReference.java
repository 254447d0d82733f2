package org.jfsac.core.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.core.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values computed by PyTorch 1.13 (float32) and stored in src/test/resources/reference/torch_reference.json
 * by make_torch_reference.py beside it. Paths are dotted keys, e.g. {@code "softmax.dim1"}; a tensor entry
 * is {"shape": [...], "data": [...]}.
 */
public final class TorchReference {
    private static final String RESOURCE = "/reference/torch_reference.json";
    private static JsonObject root;

    private TorchReference() {}

    private static synchronized JsonObject root() {
        if (root == null) {
            try (InputStream in = TorchReference.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("test resource " + RESOURCE + " is missing");
                root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(RESOURCE, e);
            }
        }
        return root;
    }

    public static JsonElement get(String path) {
        JsonElement e = root();
        for (String k : path.split("\\.")) {
            if (!e.isJsonObject() || !e.getAsJsonObject().has(k)) throw new IllegalArgumentException(RESOURCE + ": no key " + path);
            e = e.getAsJsonObject().get(k);
        }
        return e;
    }

    public static double number(String path) { return get(path).getAsDouble(); }

    public static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = a.get(i).getAsFloat();
        return f;
    }

    public static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    public static float[] floats(String path) {
        JsonElement e = get(path);
        return floats(e.isJsonArray() ? e.getAsJsonArray() : e.getAsJsonObject().getAsJsonArray("data"));
    }

    public static int[] ints(String path) { return ints(get(path).getAsJsonArray()); }

    public static Tensor tensor(JsonObject entry) {
        return Tensor.of(floats(entry.getAsJsonArray("data")), ints(entry.getAsJsonArray("shape")));
    }

    public static Tensor tensor(String path) { return tensor(get(path).getAsJsonObject()); }

    /**
     * Asserts actual has the reference's shape and every element within tol·max(1, |expected|) of it
     * (a relative tolerance for large values, absolute below 1).
     */
    public static void assertClose(String path, Tensor actual, double tol) {
        Tensor expected = tensor(path);
        assertArrayEquals(expected.shape(), actual.shape(), path + ": shape");
        assertClose(path, expected.toArray(), actual.toArray(), tol);
    }

    public static void assertClose(String what, float[] expected, float[] actual, double tol) {
        assertTrue(expected.length == actual.length, what + ": " + actual.length + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double bound = tol * Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(actual[i] - expected[i]) <= bound))
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (tolerance " + bound + ")");
        }
    }
}
