package org.jfsac.fsac.report;

import org.jfsac.fsac.method.ClipAcMethod;
import org.jfsac.fsac.method.ClipFsacMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {

    @TempDir
    Path dir;

    private static ResultRow row(String cls, int k, int seed, String method, double value) {
        return new ResultRow("mvtec", cls, k, seed, method, ResultRow.I_AUROC, value);
    }

    @Test
    void roundTripKeepsAwkwardTextAndExactValues() throws IOException {
        List<ResultRow> rows = List.of(
                row("metal_nut", 1, 0, ClipFsacMethod.NAME, 92.5),
                row("a,b", 2, 1, ClipAcMethod.NAME, 0.1 + 0.2),            // not 0.3: must come back bit-exact
                row("say \"hi\"", 4, 2, ClipFsacMethod.NAME, 1e-5),
                row("two\nlines", 8, 3, ClipFsacMethod.NAME, 100.0),
                row(" padded ", 1, -1, ClipAcMethod.NAME, 97.6),
                row("ünïcödé", 0, 0, ClipAcMethod.NAME, 50.0));
        Path file = dir.resolve("results.csv");
        ResultsCsv.write(file, rows);
        assertEquals(rows, ResultsCsv.read(file));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(ResultsCsv.HEADER, lines.get(0));
        assertEquals("mvtec,metal_nut,1,0,CLIP-FSAC++,I-AUROC,92.5", lines.get(1));
        assertEquals("mvtec,\"a,b\",2,1,CLIP-AC,I-AUROC,0.30000000000000004", lines.get(2));
        assertEquals("mvtec,\"say \"\"hi\"\"\",4,2,CLIP-FSAC++,I-AUROC,1.0E-5", lines.get(3));
        assertEquals("mvtec,\"two", lines.get(4));
        assertEquals("lines\",8,3,CLIP-FSAC++,I-AUROC,100.0", lines.get(5));
        assertEquals("mvtec,\" padded \",1,-1,CLIP-AC,I-AUROC,97.6", lines.get(6));
    }

    @Test
    void appendAddsNewRowsAndReplacesRepeatedKeysInPlace() throws IOException {
        Path file = dir.resolve("out/results.csv"); // the folder does not exist yet
        List<ResultRow> first = ResultsCsv.append(file, List.of(
                row("bottle", 1, 0, ClipAcMethod.NAME, 90.0),
                row("bottle", 1, 0, ClipFsacMethod.NAME, 95.0)));
        assertEquals(2, first.size());

        List<ResultRow> all = ResultsCsv.append(file, List.of(
                row("bottle", 1, 0, ClipFsacMethod.NAME, 96.0), // re-run of a cell
                row("cable", 1, 0, ClipFsacMethod.NAME, 80.0)));
        List<ResultRow> expected = List.of(
                row("bottle", 1, 0, ClipAcMethod.NAME, 90.0),
                row("bottle", 1, 0, ClipFsacMethod.NAME, 96.0),
                row("cable", 1, 0, ClipFsacMethod.NAME, 80.0));
        assertEquals(expected, all);
        assertEquals(expected, ResultsCsv.read(file));
        assertOnlyFile(file.getParent(), "results.csv");
    }

    @Test
    void readIfExistsOfAMissingFileIsEmpty() throws IOException {
        assertEquals(List.of(), ResultsCsv.readIfExists(dir.resolve("none.csv")));
    }

    @Test
    void readsCrlfAndAByteOrderMark() throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, "\uFEFF" + ResultsCsv.HEADER + "\r\nvisa,\"pcb1\",2,3,CLIP-AC,F1-max,88.25\r\n");
        assertEquals(List.of(new ResultRow("visa", "pcb1", 2, 3, "CLIP-AC", "F1-max", 88.25)),
                ResultsCsv.read(file));
    }

    @Test
    void malformedFilesAreRejectedNamingFileAndLine() throws IOException {
        assertReadFails("dataset,class,k,seed,method,metric,value\n", "the first line must be the header");
        assertReadFails("", "the file is empty");
        assertReadFails(ResultsCsv.HEADER + "\nmvtec,bottle,1,0,CLIP-AC,I-AUROC\n", "line 2: 6 fields");
        assertReadFails(ResultsCsv.HEADER + "\nmvtec,bottle,one,0,CLIP-AC,I-AUROC,1\n",
                "line 2: shots \"one\" is not an integer");
        assertReadFails(ResultsCsv.HEADER + "\nmvtec,bottle,1,0,CLIP-AC,I-AUROC,NaN\n", "line 2: I-AUROC");
        assertReadFails(ResultsCsv.HEADER + "\nmvtec,\"bottle,1,0,CLIP-AC,I-AUROC,1\n", "line 2: a quoted field");
        assertReadFails(ResultsCsv.HEADER + "\nmvtec,bot\"tle,1,0,CLIP-AC,I-AUROC,1\n", "line 2: a double quote");
        assertReadFails(ResultsCsv.HEADER + "\nmvtec,\"bottle\"x,1,0,CLIP-AC,I-AUROC,1\n", "line 2: text after");
        assertReadFails(ResultsCsv.HEADER + "\nmvtec,bottle,1,0,CLIP-AC,I-AUROC,1\n\n"
                + "mvtec,bottle,1,0,CLIP-AC,I-AUROC,2\n", "line 4 repeats the row of line 2");
    }

    @Test
    void writingTheSameKeyTwiceIsRefused() {
        Path file = dir.resolve("results.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsCsv.write(file,
                List.of(row("bottle", 1, 0, ClipAcMethod.NAME, 1), row("bottle", 1, 0, ClipAcMethod.NAME, 2))));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        assertTrue(Files.notExists(file));
    }

    private void assertReadFails(String content, String expectedMessagePart) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    static void assertOnlyFile(Path folder, String name) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(name), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
