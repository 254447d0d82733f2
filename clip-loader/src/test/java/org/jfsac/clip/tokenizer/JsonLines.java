package org.jfsac.clip.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads the JSON-lines reference files committed beside the tests. */
final class JsonLines {
    private JsonLines() {
    }

    static List<JsonObject> resource(String name) throws IOException {
        try (InputStream in = JsonLines.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            List<JsonObject> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
            return rows;
        }
    }
}
