package org.jfsac.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --methods: the selection's rows and columns only, in its order, no training without CLIP-FSAC++; unknown names refused up front. */
class MethodsOptionCliTest {
    @TempDir Path tmp;

    @Test
    void aSelectionWithoutClipFsacTrainsNothing() throws Exception {
        Path out = tmp.resolve("demo");
        CliTest.Result r = CliTest.run("demo", "--out", out.toString(), "--shots", "1", "--seeds", "1", "--device", "cpu", "--methods", "knn,CLIP-AC");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains(": train"), "nothing is trained: " + r.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        // 3 classes x (CLIP-AC once + kNN for k = 1, seed 0) x 3 metrics
        assertEquals(1 + 3 * 2 * 3, csv.size(), String.join("\n", csv));
        assertTrue(csv.stream().skip(1).allMatch(l -> l.contains(",kNN,") || l.contains(",CLIP-AC,")), String.join("\n", csv));
        assertEquals("image,label,knn,clip_ac", Files.readAllLines(out.resolve("scores/disc/k1_seed0.csv")).get(0));
        assertTrue(Files.readString(out.resolve("results.md")).contains("| Class | 1-shot kNN | 1-shot CLIP-AC |"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("methods</td><td>kNN, CLIP-AC</td>"), "the header names the selection");
    }

    @Test
    void anUnknownMethodIsOneLineBeforeAnythingRuns() throws Exception {
        Path out = tmp.resolve("x");
        CliTest.Result r = CliTest.run("demo", "--out", out.toString(), "--device", "cpu", "--methods", "knn,patchcore");
        assertEquals(1, r.code());
        assertEquals("jfsac demo: unknown method 'patchcore'; registered: CLIP-AC, CLIP-FSAC++, kNN", CliTest.errorLine(r));
        assertFalse(Files.exists(out.resolve("run.json")), "nothing written");
    }
}
