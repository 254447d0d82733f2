package org.jfsac.clip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jfsac.clip.image.SharedFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenCLIP's own tokenizer (with real ftfy and regex) on texts that probe every cleaning and
 * splitting rule: see make_tokenizer_reference.py. Ids must be equal; no tolerance applies.
 */
class ClipTokenizerReferenceTest {
    private static ClipTokenizer tokenizer;
    private static List<JsonObject> cases;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = ClipTokenizer.load(SharedFixtures.bundledVocabulary());
        cases = JsonLines.resource("tokenizer_reference.jsonl");
    }

    @Test
    void encodeMatchesOpenClip() {
        for (JsonObject c : cases) {
            String text = c.get("text").getAsString();
            assertArrayEquals(ints(c.getAsJsonArray("ids")), tokenizer.encode(text), () -> describe(text));
        }
    }

    @Test
    void tokenizeRowsMatchOpenClip() {
        for (JsonObject c : cases) {
            String text = c.get("text").getAsString();
            assertArrayEquals(ints(c.getAsJsonArray("tokens77")), tokenizer.tokenize(List.of(text))[0],
                    () -> describe(text));
        }
    }

    @Test
    void decodeMatchesOpenClip() {
        for (JsonObject c : cases) {
            assertEquals(c.get("decoded").getAsString(), tokenizer.decode(ints(c.getAsJsonArray("ids"))),
                    () -> describe(c.get("text").getAsString()));
        }
    }

    private static String describe(String text) {
        return "text " + text.codePoints().mapToObj(cp -> cp < 0x7F && cp >= 0x20 ? Character.toString(cp)
                : String.format("\\u%04x", cp)).reduce("", String::concat) + " cleaned to \""
                + ClipTokenizer.clean(text) + "\"";
    }

    private static int[] ints(JsonArray array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }
}
