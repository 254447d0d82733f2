package org.jfsac.fsac.pipeline;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.Prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Everything that decides the numbers of a run, as one JSON object: the project version, every component of
 * {@link Experiment.Options} (the whole {@link FsacConfig} with its preset and form switches, dataset, data root,
 * the resolved class list, shots, seeds) and the CLIP side (weights hash, full model config, preprocessing, the
 * token ids of the prompts). Options components and config fields are serialised by reflection, so a setting
 * added later is part of the fingerprint without being listed here; only components that cannot change a number
 * are left out ({@link #NOT_DECIDING}).
 */
public final class RunFingerprint {
    private RunFingerprint() {}

    /**
     * Options components that do not decide any number: where results go, the free-form report header (display
     * only; what it shows is fingerprinted from the sources themselves) and how many saliency examples the report
     * draws (the report is rebuilt in full on every run).
     */
    static final Set<String> NOT_DECIDING = Set.of("out", "description", "saliencyExamples");

    private static final Gson GSON = new Gson();

    /** The fingerprint of running {@code o} on {@code classes} (the resolved list) with {@code clip}. */
    public static JsonObject of(Experiment.Options o, List<String> classes, ClipBackbone clip) {
        JsonObject f = new JsonObject();
        f.addProperty("jfsac", version());
        for (RecordComponent rc : Experiment.Options.class.getRecordComponents()) {
            if (NOT_DECIDING.contains(rc.getName())) continue;
            Object v;
            try {
                v = rc.getAccessor().invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v == null) continue; // an unset option is absent, as it reads back from run.json (Gson drops nulls)
            f.add(rc.getName(), rc.getName().equals("classes") ? GSON.toJsonTree(classes) : json(v));
        }
        f.add("clip", clip(clip, classes));
        return f;
    }

    private static JsonElement json(Object v) {
        if (v instanceof FsacConfig c) return JsonParser.parseString(c.toJson());
        if (v instanceof Path p) return GSON.toJsonTree(p.toAbsolutePath().normalize().toString());
        return GSON.toJsonTree(v);
    }

    private static JsonObject clip(ClipBackbone clip, List<String> classes) {
        JsonObject c = new JsonObject();
        c.addProperty("weights", clip.weightsId);
        c.add("model", JsonParser.parseString(clip.model.config.toJson()));
        c.addProperty("preprocessing", clip.resize.name() + " " + clip.imageSize());
        c.addProperty("promptTokens", promptTokens(clip, classes));
        return c;
    }

    /** SHA-256 of the token ids of every CPE sentence of every class: what the text tower is fed (vocabulary included). */
    private static String promptTokens(ClipBackbone clip, List<String> classes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String cls : classes)
                for (boolean anomalous : new boolean[]{false, true})
                    for (int[] ids : clip.tokenizer.tokenize(Prompts.sentences(cls, anomalous), clip.model.contextLength()))
                        for (int id : ids) md.update(Integer.toString(id).concat(",").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project version this code was built as. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = RunFingerprint.class.getResourceAsStream("/org/jfsac/fsac/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }
}
