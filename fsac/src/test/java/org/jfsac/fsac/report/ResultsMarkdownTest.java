package org.jfsac.fsac.report;

import org.jfsac.fsac.method.ClipAcMethod;
import org.jfsac.fsac.method.ClipFsacMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected cells are worked out by hand from the rows (sample standard deviation, n − 1): e.g. 90, 92, 94 have
 * mean 92, deviation 2, standard error 2/√3 = 1.155.
 */
class ResultsMarkdownTest {

    private static final String FSAC = ClipFsacMethod.NAME;
    private static final String AC = ClipAcMethod.NAME;

    @TempDir
    Path dir;

    /** Two classes, k = 1 and 2, three seeds; CLIP-AC stored once as zero-shot (k = 0) for seed 0 only. */
    private static List<ResultRow> rows() {
        List<ResultRow> rows = new ArrayList<>();
        double[][] fsacK1 = {{90, 92, 94}, {80, 86, 86}}; // candle, cashew by seed
        double[][] fsacK2 = {{95, 95, 95}, {70, 72, 74}};
        String[] classes = {"candle", "cashew"};
        for (int c = 0; c < 2; c++) {
            for (int s = 0; s < 3; s++) {
                rows.add(new ResultRow("visa", classes[c], 1, s, FSAC, ResultRow.I_AUROC, fsacK1[c][s]));
                rows.add(new ResultRow("visa", classes[c], 2, s, FSAC, ResultRow.I_AUROC, fsacK2[c][s]));
            }
            rows.add(new ResultRow("visa", classes[c], 0, 0, AC, ResultRow.I_AUROC, c == 0 ? 85.25 : 60.0));
        }
        return rows;
    }

    @Test
    void cellsAreMeanAndStandardErrorOverSeeds() {
        ResultTable t = only(ResultTables.build(rows(), List.of("candle", "cashew")));
        assertEquals(List.of(1, 2), t.shots());
        assertEquals(List.of(AC, FSAC), t.methods());
        assertEquals(List.of("candle", "cashew", "Mean"), t.rows().stream().map(ResultTable.Row::label).toList());
        assertEquals("92.0 ± 1.2", t.cell(0, 0, 1).text());
        assertEquals(92.0, t.cell(0, 0, 1).mean(), 1e-12);
        assertEquals("95.0 ± 0.0", t.cell(0, 1, 1).text());
        assertEquals("84.0 ± 2.0", t.cell(1, 0, 1).text()); // 80, 86, 86: deviation √12, error 2
        // The zero-shot value shows under every k; it involves no seed, so one evaluation is complete.
        assertEquals("85.3", t.cell(0, 0, 0).text()); // 85.25 rounds half-up as String.format does
        assertEquals("85.3", t.cell(0, 1, 0).text());
    }

    @Test
    void aTrainedCellWithFewerSeedsSaysSo() {
        List<ResultRow> rows = new java.util.ArrayList<>(rows());
        rows.removeIf(r -> r.method().equals(FSAC) && r.className().equals("cashew") && r.shots() == 2 && r.seed() > 0);
        ResultTable t = only(ResultTables.build(rows, List.of("candle", "cashew")));
        assertTrue(t.cell(1, 1, 1).text().endsWith(" (n=1)"), t.cell(1, 1, 1).text());
        // Only seed 0 covers both classes at k = 2, so the Mean cell rests on one seed and says so.
        assertTrue(t.cell(2, 1, 1).text().endsWith(" (n=1)"), t.cell(2, 1, 1).text());
    }

    @Test
    void meanRowIsPerSeedMeanOverClassesThenSummarisedOverSeeds() {
        ResultTable t = only(ResultTables.build(rows(), List.of("candle", "cashew")));
        // k = 1: per-seed means 85, 89, 90 → mean 88, deviation √7, error √7/√3 = 1.528. Averaging the class
        // cells instead (92 and 84) would give the same 88 but an error of 4.0 over classes: that is not wanted.
        assertEquals("88.0 ± 1.5", t.cell(2, 0, 1).text());
        // k = 2: per-seed means 82.5, 83.5, 84.5 → 83.5 ± 0.577.
        assertEquals("83.5 ± 0.6", t.cell(2, 1, 1).text());
        // CLIP-AC: seed 0 only → (85.25 + 60) / 2 = 72.625.
        assertEquals("72.6", t.cell(2, 0, 0).text());
    }

    @Test
    void oneSeedShowsPlainValuesAndMissingCellsADash() {
        List<ResultRow> rows = List.of(
                new ResultRow("mvtec", "bottle", 1, 7, FSAC, ResultRow.F1_MAX, 97.04),
                new ResultRow("mvtec", "bottle", 1, 7, AC, ResultRow.F1_MAX, 91.0),
                new ResultRow("mvtec", "cable", 1, 7, FSAC, ResultRow.F1_MAX, 88.0));
        ResultTable t = only(ResultTables.build(rows, List.of("bottle", "cable")));
        assertEquals("97.0", t.cell(0, 0, 1).text());
        assertEquals("–", t.cell(1, 0, 0).text());
        assertTrue(t.cell(1, 0, 0).isEmpty());
        assertEquals("92.5", t.cell(2, 0, 1).text());
        assertEquals("–", t.cell(2, 0, 0).text()); // no complete seed for CLIP-AC: no mean
        assertTrue(t.footnote().startsWith("Values in percent. One seed (7)"), t.footnote());
    }

    @Test
    void classesFollowTheGivenOrderAndUnlistedOnesComeAfter() {
        List<ResultRow> rows = List.of(
                new ResultRow("mvtec", "zipper", 1, 0, FSAC, ResultRow.I_AUROC, 1),
                new ResultRow("mvtec", "wood", 1, 0, FSAC, ResultRow.I_AUROC, 2),
                new ResultRow("mvtec", "bottle", 1, 0, FSAC, ResultRow.I_AUROC, 3));
        ResultTable t = only(ResultTables.build(rows, List.of("bottle", "carpet", "zipper")));
        assertEquals(List.of("bottle", "carpet", "zipper", "wood", "Mean"),
                t.rows().stream().map(ResultTable.Row::label).toList());
        assertEquals("–", t.cell(4, 0, 0).text()); // carpet has no result, so no seed covers every class
    }

    @Test
    void metricsComeInThePapersOrderOnePerTable() {
        List<ResultRow> rows = new ArrayList<>();
        for (String metric : List.of(ResultRow.F1_MAX, ResultRow.I_AUROC, ResultRow.I_AUPR)) {
            rows.add(new ResultRow("visa", "pcb1", 4, 0, FSAC, metric, 90));
        }
        assertEquals(List.of(ResultRow.I_AUROC, ResultRow.I_AUPR, ResultRow.F1_MAX),
                ResultTables.build(rows, List.of()).stream().map(ResultTable::metric).toList());
    }

    @Test
    void duplicateRowsAreRefused() {
        ResultRow r = new ResultRow("visa", "pcb1", 4, 0, FSAC, ResultRow.I_AUROC, 90);
        assertThrows(IllegalArgumentException.class, () -> ResultTables.build(List.of(r, r), List.of()));
    }

    @Test
    void markdownHasHeaderProtocolAndTheTable() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("checkpoint", "/models/ViT-B-16-plus-240.pt");
        settings.put("options", "--epochs 100 | --lr 5e-4");
        RunInfo run = new RunInfo("CLIP-FSAC++ on VisA", settings, "Final epoch reported.\nSeeds 0–2.");
        Path file = dir.resolve("results.md");
        ResultsMarkdown.write(file, run, rows(), List.of("candle", "cashew"));
        String md = Files.readString(file);
        ResultsCsvTest.assertOnlyFile(dir, "results.md");

        assertTrue(md.startsWith("# CLIP-FSAC++ on VisA\n\n## Run\n\n| Setting | Value |\n|:---|:---|\n"
                + "| checkpoint | /models/ViT-B-16-plus-240.pt |\n| options | --epochs 100 \\| --lr 5e-4 |\n"), md);
        assertTrue(md.contains("## Evaluation protocol\n\nFinal epoch reported.\nSeeds 0–2.\n"), md);
        String table = """
                ## I-AUROC — visa

                | Class | 1-shot CLIP-AC | 1-shot CLIP-FSAC++ | 2-shot CLIP-AC | 2-shot CLIP-FSAC++ |
                |:---|---:|---:|---:|---:|
                | candle | 85.3 | 92.0 ± 1.2 | 85.3 | 95.0 ± 0.0 |
                | cashew | 60.0 | 84.0 ± 2.0 | 60.0 | 72.0 ± 1.2 |
                | **Mean** | 72.6 | 88.0 ± 1.5 | 72.6 | 83.5 ± 0.6 |
                """;
        assertTrue(md.contains(table), md);
        assertTrue(md.contains("The Mean row is computed per seed as the mean over the 2 classes, then mean ± "
                + "standard error over the seeds that cover every class."), md);
        assertTrue(md.contains("Zero-shot results (CLIP-AC) involve no training: they depend on neither k nor the seed"), md);
    }

    private static ResultTable only(List<ResultTable> tables) {
        assertEquals(1, tables.size());
        return tables.get(0);
    }
}
