package org.jfsac.clip.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The repository's testdata folder, which Surefire names in the system property {@code jfsac.testdata} (tests only). */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path file(String first, String... more) {
        String dir = System.getProperty("jfsac.testdata");
        if (dir == null) {
            throw new IllegalStateException("system property jfsac.testdata is not set (run the tests through Maven)");
        }
        Path path = Path.of(dir, first).resolve(Path.of("", more));
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing test data " + path);
        }
        return path;
    }

    /** The CLIP BPE vocabulary bundled as a resource of clip-loader (a plain file under target/classes in tests). */
    public static Path bundledVocabulary() {
        try {
            return Path.of(org.jfsac.clip.tokenizer.ClipTokenizer.class
                    .getResource(org.jfsac.clip.tokenizer.ClipTokenizer.VOCABULARY_FILE_NAME).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code openclip/manifest.json}, its {@code models.tiny-gelu} entry. */
    public static JsonObject tinyGeluManifest() throws IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(file("openclip", "manifest.json")))
                .getAsJsonObject();
        return manifest.getAsJsonObject("models").getAsJsonObject("tiny-gelu");
    }

    /** A path named in the manifest, which are relative to {@code openclip}. */
    public static Path openclip(String relative) {
        return file("openclip", relative);
    }
}
