package org.jfsac.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `report --merge`: a run split over seeds (here over two folders, as over two machines) merges into the whole run. */
class ReportMergeCliTest {
    @TempDir Path tmp;

    /** A tiny demo run over two seeds (1 shot, 1 epoch unless given). */
    private static String[] demo(Path out, String... more) {
        String[] a = RunFolderCliTest.demo(out, more);
        a[java.util.Arrays.asList(a).indexOf("--seeds") + 1] = "2";
        return a;
    }

    @Test
    void seedPartsMergeIntoTheWholeRunAndOtherSettingsAreRefusedWithOneLine() throws Exception {
        Path whole = tmp.resolve("whole"), s0 = tmp.resolve("s0"), s1 = tmp.resolve("s1");
        assertEquals(0, run(demo(whole, "--epochs", "1")).code());
        // s1 generates its own copy of the data (another data root, as on another machine); s0 reads whole's.
        CliTest.Result r = run(demo(s1, "--epochs", "1", "--seed-list", "1"));
        assertEquals(0, r.code(), r.err());
        r = run(demo(s0, "--epochs", "1", "--seed-list", "0", "--data", whole.resolve("data").toString()));
        assertEquals(0, r.code(), r.err());

        Path merged = tmp.resolve("merged");
        r = run("report", "--merge", s1.toString(), s0.toString(), "--out", merged.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(whole.resolve("results.csv")), Files.readAllBytes(merged.resolve("results.csv")));
        assertTrue(r.out().contains("CLIP-FSAC++"), r.out());
        assertTrue(Files.exists(merged.resolve("report.html")) && Files.exists(merged.resolve("shots/disc/k1_seed1.txt")));
        assertFalse(Files.readString(merged.resolve("run.json")).contains("seedList"), "the merged folder has the whole run's seeds");
        // ... and so the whole run's command resumes it without training anything.
        r = run(demo(merged, "--epochs", "1", "--data", s1.resolve("data").toString())); // the first part's data root is recorded
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains(": train"), r.err());

        Path e2 = tmp.resolve("e2");
        assertEquals(0, run(demo(e2, "--epochs", "2", "--seed-list", "1", "--data", whole.resolve("data").toString())).code());
        r = run("report", "--merge", s0.toString(), e2.toString(), "--out", tmp.resolve("m2").toString());
        assertEquals(1, r.code());
        assertEquals("jfsac report: " + e2 + " was made with other settings than " + s0 + ": cfg.epochs 1 → 2; only folders of the same settings merge",
                CliTest.errorLine(r));
        assertFalse(Files.exists(tmp.resolve("m2/results.csv")));
    }
}
