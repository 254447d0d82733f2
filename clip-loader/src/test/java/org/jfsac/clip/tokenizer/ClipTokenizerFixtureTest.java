package org.jfsac.clip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jfsac.core.io.LongTensor;
import org.jfsac.core.io.Npy;
import org.jfsac.clip.image.SharedFixtures;
import org.junit.jupiter.api.Test;

/** The fixture texts must tokenize to OpenCLIP 2.24's ids exactly (ids are discrete: no tolerance). */
class ClipTokenizerFixtureTest {

    @Test
    void fixtureTextsGiveOpenClipTokens() throws IOException {
        JsonObject model = SharedFixtures.tinyGeluManifest();
        List<String> texts = new ArrayList<>();
        for (JsonElement t : model.getAsJsonArray("texts")) {
            texts.add(t.getAsString());
        }
        LongTensor expected = Npy.readLong(SharedFixtures.openclip(model.get("text_tokens").getAsString()));
        assertArrayEquals(new int[] {texts.size(), 77}, expected.shape());
        long[] want = expected.data();

        ClipTokenizer tokenizer = ClipTokenizer.load(SharedFixtures.bundledVocabulary());
        int[][] got = tokenizer.tokenize(texts, 77);

        assertEquals(texts.size(), got.length);
        for (int i = 0; i < texts.size(); i++) {
            long[] row = Arrays.copyOfRange(want, i * 77, (i + 1) * 77);
            assertArrayEquals(row, Arrays.stream(got[i]).asLongStream().toArray(), "text " + i + ": " + texts.get(i));
        }
    }
}
