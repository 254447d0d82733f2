package org.jfsac.clip.tokenizer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jfsac.clip.FuzzContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fuzz target (issue 11): any text (any bytes, decoded as UTF-8 with replacement) through cleaning and BPE. */
class TokenizerFuzzTest {
    private static final ClipTokenizer TOKENIZER;

    static {
        try {
            TOKENIZER = ClipTokenizer.bundled();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void tokenize(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        FuzzContract.holds(() -> {
            int[][] ids = TOKENIZER.tokenize(List.of(text));
            if (ids.length != 1 || ids[0].length != ClipTokenizer.DEFAULT_CONTEXT_LENGTH || ids[0][0] != ClipTokenizer.START_OF_TEXT) {
                throw new AssertionError("malformed token row for " + text);
            }
        }, IllegalArgumentException.class);
    }
}
