package org.jfsac.fsac.method;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both CPE prompt sets against the authors' own {@code prompt_order} classes (train.py: FULL; exp.py: EXP) and
 * their tokenizer (resources/method/authors_prompts/make_reference.py): the same sentences, each as often (the
 * prototypes are means, so order does not matter but repeats do), with the same token ids from ours.
 */
class AuthorsPromptsTest {
    @Test
    void sentencesAndTokenIdsAreTheAuthors() throws Exception {
        JsonObject ref;
        try (var in = AuthorsPromptsTest.class.getResourceAsStream("/method/authors_prompts/authors_prompts.json")) {
            ref = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        ClipTokenizer tok = ClipTokenizer.bundled();
        Map<String, FsacConfig.PromptSet> sets = Map.of("full", FsacConfig.PromptSet.FULL, "exp", FsacConfig.PromptSet.EXP);
        int checked = 0;
        for (var set : ref.getAsJsonObject("sets").entrySet()) {
            for (var cls : set.getValue().getAsJsonObject().entrySet()) {
                for (boolean anomalous : new boolean[]{false, true}) {
                    String what = set.getKey() + " " + cls.getKey() + (anomalous ? " anomalous" : " normal");
                    Map<String, List<String>> theirs = new TreeMap<>();
                    for (JsonElement e : cls.getValue().getAsJsonObject().getAsJsonArray(anomalous ? "anomalous" : "normal")) {
                        JsonObject o = e.getAsJsonObject();
                        theirs.computeIfAbsent(o.get("text").getAsString(), k -> new ArrayList<>()).add(o.get("ids").toString());
                    }
                    Map<String, List<String>> mine = new TreeMap<>();
                    List<String> sentences = Prompts.sentences(cls.getKey(), anomalous, sets.get(set.getKey()));
                    int[][] rows = tok.tokenize(sentences);
                    for (int i = 0; i < rows.length; i++) {
                        int end = 0;
                        while (rows[i][end] != ClipTokenizer.END_OF_TEXT) end++;
                        mine.computeIfAbsent(sentences.get(i), k -> new ArrayList<>())
                                .add(Arrays.toString(Arrays.copyOf(rows[i], end + 1)).replace(" ", ""));
                        checked++;
                    }
                    assertEquals(theirs, mine, what);
                }
            }
        }
        assertEquals(3 * (147 + 84) + 3 * (24 + 16), checked, "three classes in each set");
    }
}
