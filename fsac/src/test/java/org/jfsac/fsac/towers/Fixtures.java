package org.jfsac.fsac.towers;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.clip.checkpoint.CheckpointReader;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.LongTensor;
import org.jfsac.core.io.Npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Access to testdata/openclip (the reference OpenCLIP outputs). */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        String s = System.getProperty("jfsac.testdata", "../testdata");
        Path p = Path.of(s).resolve("openclip");
        if (!Files.isDirectory(p)) throw new IllegalStateException("OpenCLIP fixtures not found at " + p.toAbsolutePath() + " (set -Djfsac.testdata)");
        return p;
    }

    public static JsonObject manifest() throws IOException {
        return JsonParser.parseString(Files.readString(root().resolve("manifest.json"))).getAsJsonObject();
    }

    public static JsonObject model(String name) throws IOException {
        return manifest().getAsJsonObject("models").getAsJsonObject(name);
    }

    public static ClipConfig config(String model) throws IOException {
        return ClipConfig.read(root().resolve(model).resolve("config.json"));
    }

    public static ClipModel load(Backend backend, String model, String checkpointRel) throws IOException {
        return ClipModel.fromStateDict(backend, config(model), CheckpointReader.read(root().resolve(checkpointRel)));
    }

    public static HostTensor npy(String rel) throws IOException { return Npy.readFloat(root().resolve(rel)); }

    public static int[][] tokens(String rel) throws IOException {
        LongTensor t = Npy.readLong(root().resolve(rel));
        int n = t.shape()[0], ctx = t.shape()[1];
        int[][] out = new int[n][ctx];
        for (int i = 0; i < n; i++) for (int j = 0; j < ctx; j++) out[i][j] = (int) t.data()[i * ctx + j];
        return out;
    }

    /** ‖a − b‖ / ‖b‖ over all elements. */
    public static double relErr(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " vs " + b.length);
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-300));
    }
}
