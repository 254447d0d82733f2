package org.jfsac.clip.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Python's {@code html.entities.html5}: the WHATWG named character references, keyed as Python
 * keys them ({@code "amp;"} and, for the legacy names, also {@code "amp"}). Loaded from the
 * generated resource {@code html5-entities.tsv} rather than typed in, so that it is the same table
 * {@code html.unescape} and ftfy use.
 */
final class HtmlEntities {
    private static final String RESOURCE = "html5-entities.tsv";

    private static final Map<String, String> TABLE = load();

    private HtmlEntities() {
    }

    /** The replacement text for a name as Python keys it, or null when there is none. */
    static String get(String name) {
        return TABLE.get(name);
    }

    static Map<String, String> all() {
        return TABLE;
    }

    private static Map<String, String> load() {
        InputStream in = HtmlEntities.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE + " is missing beside "
                    + HtmlEntities.class.getName() + " (broken build)");
        }
        Map<String, String> table = new HashMap<>(4096);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                StringBuilder value = new StringBuilder(2);
                for (String hex : line.substring(tab + 1).split(" ")) {
                    value.appendCodePoint(Integer.parseInt(hex, 16));
                }
                table.put(line.substring(0, tab), value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
        return Map.copyOf(table);
    }
}
