package org.jfsac.clip.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The read-only shared folder that Surefire names in the system property {@code jfsac.shared} (tests only). */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path file(String first, String... more) {
        String dir = System.getProperty("jfsac.shared");
        if (dir == null) {
            throw new IllegalStateException("system property jfsac.shared is not set (run the tests through Maven)");
        }
        Path path = Path.of(dir, first).resolve(Path.of("", more));
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing shared fixture " + path);
        }
        return path;
    }

    /** {@code fixtures/openclip/manifest.json}, its {@code models.tiny-gelu} entry. */
    public static JsonObject tinyGeluManifest() throws IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(file("fixtures", "openclip", "manifest.json")))
                .getAsJsonObject();
        return manifest.getAsJsonObject("models").getAsJsonObject("tiny-gelu");
    }

    /** A path named in the manifest, which are relative to {@code fixtures/openclip}. */
    public static Path openclip(String relative) {
        return file("fixtures", "openclip", relative);
    }
}
