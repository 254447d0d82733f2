package org.jfsac.core.errors;

import org.junit.jupiter.api.Test;

import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The error formatter (issue 11, defect 10): one escaped, bounded line; summaries; untrusted values described in O(budget). */
class ErrorLineTest {
    @Test
    void controlCharactersAreEscapedSoTheyCannotDriveTheTerminal() {
        String line = ErrorLine.format(new RuntimeException("bad.csv: line\n2 \u001b[31mred\u001b[0m\r\u0007 \u202eevil\u0085"));
        assertEquals("bad.csv: line\\n2 \\u001b[31mred\\u001b[0m\\r\\u0007 \\u202eevil\\u0085", line);
        assertTrue(line.chars().noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F)), line);
    }

    @Test
    void aMillionDigitsBecomeABoundedLine() {
        String digits = "1".repeat(1_000_000);
        String line = ErrorLine.format(new IllegalArgumentException("config.json: bad number " + digits + " at the end"));
        assertTrue(line.length() <= ErrorLine.MAX_CHARS, "length " + line.length());
        assertTrue(line.startsWith("config.json: bad number 111"), line);
        assertTrue(line.endsWith("at the end"), "keeps the tail: " + line);
        assertTrue(line.contains("characters omitted"), line);
    }

    @Test
    void gsonTroubleshootingTrailerIsDropped() {
        String m = "java.lang.IllegalStateException: Expected BEGIN_OBJECT but was STRING at line 1 column 1 path $\n"
                + "See https://github.com/google/gson/blob/main/Troubleshooting.md#unexpected-json-structure";
        String line = ErrorLine.format(new RuntimeException(m));
        assertFalse(line.contains("See https"), line);
        assertFalse(line.contains("\\n"), line);
    }

    @Test
    void fileExceptionsSayWhatWentWrongNotJustThePath() {
        assertEquals("/x/y.pt: no such file or directory", ErrorLine.format(new NoSuchFileException("/x/y.pt")));
        assertTrue(ErrorLine.format(new StackOverflowError()).contains("nested too deeply"));
        assertEquals("IllegalStateException", ErrorLine.format(new IllegalStateException()));
    }

    @Test
    void longListsAreSummarised() {
        List<String> problems = IntStream.range(0, 445).mapToObj(i -> "t" + i + ": [3] vs [4]").toList();
        String s = ErrorLine.summary(problems, "tensors differ in shape", 3);
        assertEquals("445 tensors differ in shape, first: t0: [3] vs [4]; t1: [3] vs [4]; t2: [3] vs [4] (and 442 more)", s);
        assertEquals("1 problem: only", ErrorLine.summary(List.of("only"), "problem", 3));
    }

    @Test
    void sharedReferenceBombsAndCyclesAreDescribedInBoundedTime() {
        // 2^200 paths: printing it whole never ends, hashing it neither
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < 200; i++) l = new ArrayList<>(List.of(l, l));
        List<Object> bomb = l;
        Map<Object, Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);
        List<Object> deep = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) deep = new ArrayList<>(List.of(deep));
        List<Object> deepest = deep;
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (Object o : new Object[] {bomb, cyclic, deepest}) {
                String d = ErrorLine.describe(o);
                assertTrue(d.length() <= ErrorLine.MAX_VALUE_CHARS + 3, d);
                assertTrue(d.endsWith("..."), d);
            }
        });
        assertEquals("('storage', 3, [1, 2], {'a': None})",
                ErrorLine.describe(new Object[] {"storage", 3, List.of(1, 2), Map.of("a", "None")}).replace("'None'", "None"));
    }
}
