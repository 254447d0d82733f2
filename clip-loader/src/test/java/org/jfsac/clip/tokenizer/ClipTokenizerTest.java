package org.jfsac.clip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import org.jfsac.clip.image.SharedFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTokenizerTest {
    private static Path vocabulary;
    private static ClipTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        vocabulary = SharedFixtures.bundledVocabulary();
        tokenizer = ClipTokenizer.load(vocabulary);
    }

    @Test
    void vocabularyHasClipsSize() {
        assertEquals(49408, tokenizer.vocabularySize());
        assertEquals("<start_of_text>", tokenizer.decode(new int[] {ClipTokenizer.START_OF_TEXT}));
        assertEquals("<end_of_text>", tokenizer.decode(new int[] {ClipTokenizer.END_OF_TEXT}));
    }

    /** Truncation keeps start + the first (n-2) ids + end, for every context length around the text's length. */
    @Test
    void truncationKeepsEndTokenLast() {
        String text = "a photo of a cracked hazelnut with a brown spot";
        int[] ids = tokenizer.encode(text);
        for (int n = 1; n <= ids.length + 4; n++) {
            int[] row = tokenizer.tokenize(List.of(text), n)[0];
            assertEquals(n, row.length);
            List<Integer> full = new ArrayList<>();
            full.add(ClipTokenizer.START_OF_TEXT);
            Arrays.stream(ids).forEach(full::add);
            full.add(ClipTokenizer.END_OF_TEXT);
            int[] expected = new int[n];
            for (int i = 0; i < Math.min(n, full.size()); i++) {
                expected[i] = full.get(i);
            }
            if (full.size() > n) {
                expected[n - 1] = ClipTokenizer.END_OF_TEXT;
            }
            assertArrayEquals(expected, row, "context length " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenize(List.of(text), 0));
    }

    /** Each word decodes followed by one space ("</w>"), so space-separated words come back as cleaned + " ". */
    @Test
    void decodeInvertsEncodeUpToCleaning() {
        String words = "Flawless   Carpet caf\u00e9 \u65e5\u672c\u8a9e \ud83d\ude42";
        assertEquals(ClipTokenizer.clean(words) + " ", tokenizer.decode(tokenizer.encode(words)));
        assertEquals("bent , pin ! ", tokenizer.decode(tokenizer.encode("bent, pin!")));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {49408}));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {-1}));
    }

    /** The shared cache must not change results when many threads encode the same and different texts at once. */
    @Test
    void concurrentEncodingAgreesWithSerial() throws IOException {
        ClipTokenizer fresh = ClipTokenizer.load(vocabulary);
        List<String> texts = IntStream.range(0, 400)
                .mapToObj(i -> "defect " + (i % 37) + " on screw_" + (i % 11) + " surface scratch" + "xyz".repeat(i % 5))
                .toList();
        List<int[]> parallel = texts.parallelStream().map(fresh::encode).toList();
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(tokenizer.encode(texts.get(i)), parallel.get(i), texts.get(i));
        }
    }

    @Test
    void locateUsesExplicitThenCheckpointFolderThenHome(@TempDir Path dir) throws IOException {
        Path explicit = Files.writeString(dir.resolve("my.gz"), "x");
        Path ckptDir = Files.createDirectories(dir.resolve("ckpt"));
        Path checkpoint = Files.writeString(ckptDir.resolve("model.pt"), "x");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path inHome = Files.writeString(home.resolve(ClipTokenizer.VOCABULARY_FILE_NAME), "x");

        assertEquals(explicit, ClipTokenizer.locate(explicit, checkpoint, home.toString()));
        assertEquals(inHome, ClipTokenizer.locate(null, checkpoint, home.toString()));
        Path beside = Files.writeString(ckptDir.resolve(ClipTokenizer.VOCABULARY_FILE_NAME), "x");
        assertEquals(beside.toAbsolutePath(), ClipTokenizer.locate(null, checkpoint, home.toString()));
        assertEquals(beside, ClipTokenizer.locate(null, ckptDir, null));
    }

    @Test
    void locateErrorListsEveryPlace(@TempDir Path dir) {
        Path checkpoint = dir.resolve("model.pt");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> ClipTokenizer.locate(null, checkpoint, dir.resolve("home").toString()));
        assertTrue(e.getMessage().contains(dir.resolve(ClipTokenizer.VOCABULARY_FILE_NAME).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("home").resolve(ClipTokenizer.VOCABULARY_FILE_NAME).toString()),
                e.getMessage());

        NoSuchFileException noHome = assertThrows(NoSuchFileException.class, () -> ClipTokenizer.locate(null, null, null));
        assertTrue(noHome.getMessage().contains("JFSAC_HOME is not set"), noHome.getMessage());

        Path missing = dir.resolve("nope.gz");
        NoSuchFileException explicit = assertThrows(NoSuchFileException.class,
                () -> ClipTokenizer.locate(missing, checkpoint, null));
        assertTrue(explicit.getMessage().contains(missing.toString()), explicit.getMessage());
    }

    @Test
    void loadRejectsFilesThatAreNotTheMerges(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt.gz"), "not gzip");
        IOException notGzip = assertThrows(IOException.class, () -> ClipTokenizer.load(plain));
        assertTrue(notGzip.getMessage().contains(plain.toString()) && notGzip.getMessage().contains("gzip"),
                notGzip.getMessage());

        Path shortFile = dir.resolve("short.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(shortFile))) {
            out.write("#version: 0.2\nt h\ni n\n".getBytes(StandardCharsets.UTF_8));
        }
        IOException tooShort = assertThrows(IOException.class, () -> ClipTokenizer.load(shortFile));
        assertTrue(tooShort.getMessage().contains(shortFile.toString()) && tooShort.getMessage().contains("48894"),
                tooShort.getMessage());

        assertThrows(NoSuchFileException.class, () -> ClipTokenizer.load(dir.resolve("absent.gz")));
    }
}
