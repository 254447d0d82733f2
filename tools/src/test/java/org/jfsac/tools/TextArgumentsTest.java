package org.jfsac.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 11, defect 13: under LANG=C non-ASCII --text arrives as U+FFFD; that is reported, and --text-file reads UTF-8. */
class TextArgumentsTest {
    @TempDir Path tmp;

    @Test
    void replacementCharactersUnderAnAsciiLocaleAreReported() throws IOException {
        String saved = System.getProperty("sun.jnu.encoding");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("sun.jnu.encoding", "ANSI_X3.4-1968"); // what the JVM reports under LANG=C
        try {
            List<String> texts = TextArguments.collect(List.of("caf\uFFFD\uFFFD", "plain"), null, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(List.of("caf\uFFFD\uFFFD", "plain"), texts);
        } finally {
            if (saved == null) System.clearProperty("sun.jnu.encoding");
            else System.setProperty("sun.jnu.encoding", saved);
        }
        String warning = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, warning.lines().count(), warning);
        assertTrue(warning.contains("ANSI_X3.4-1968") && warning.contains("--text-file"), warning);
    }

    @Test
    void textFileIsReadAsUtf8AndEmbedsLikeTheSameText() throws Exception {
        Path f = tmp.resolve("texts.txt");
        Files.writeString(f, "caf\u00e9 \u65e5\u672c\n\n", StandardCharsets.UTF_8);
        assertEquals(List.of("a", "caf\u00e9 \u65e5\u672c"), TextArguments.collect(List.of("a"), f, System.err));
        Files.write(f, new byte[] {'c', (byte) 0xE9, '\n'}); // Latin-1, not UTF-8
        IOException e = assertThrows(IOException.class, () -> TextArguments.collect(List.of(), f, System.err));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not UTF-8"), e.getMessage());
    }
}
