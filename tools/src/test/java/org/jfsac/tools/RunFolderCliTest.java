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

/** `demo`/`run` into an existing folder: same settings resume, other settings are refused by name, --overwrite redoes. */
class RunFolderCliTest {
    @TempDir Path tmp;

    static String[] demo(Path out, String... more) {
        String[] base = {"demo", "--out", out.toString(), "--shots", "1", "--seeds", "1", "--device", "cpu"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void demoIntoAFolderOfOtherSettingsIsRefusedSameSettingsResumeAndOverwriteRedoes() throws Exception {
        Path out = tmp.resolve("demo");
        CliTest.Result first = run(demo(out, "--epochs", "2"));
        assertEquals(0, first.code(), first.err());
        byte[] csv = Files.readAllBytes(out.resolve("results.csv"));
        byte[] html = Files.readAllBytes(out.resolve("report.html"));

        // What a new user tried: the same folder with fewer epochs used to return the old numbers under the new label.
        CliTest.Result fewer = run(demo(out, "--epochs", "1"));
        assertEquals(1, fewer.code(), fewer.err());
        String line = CliTest.errorLine(fewer);
        assertTrue(line.contains(out + " was made with other settings: cfg.epochs 2 → 1") && line.contains("--overwrite"), line);
        CliTest.Result ablation = run(demo(out, "--epochs", "2", "--no-loss", "ce,i2t"));
        assertEquals(1, ablation.code());
        assertTrue(ablation.err().contains("cfg.lossI2T true → false") && ablation.err().contains("cfg.lossCE true → false"), ablation.err());
        assertArrayEquals(csv, Files.readAllBytes(out.resolve("results.csv")), "refused runs leave the results alone");

        CliTest.Result same = run(demo(out, "--epochs", "2"));
        assertEquals(0, same.code(), same.err());
        assertFalse(same.err().contains(": train"), "same settings: nothing recomputed");
        assertArrayEquals(csv, Files.readAllBytes(out.resolve("results.csv")));
        assertArrayEquals(html, Files.readAllBytes(out.resolve("report.html")), "the resumed report is complete (saliency included)");

        CliTest.Result redo = run(demo(out, "--epochs", "1", "--overwrite"));
        assertEquals(0, redo.code(), redo.err());
        assertTrue(redo.err().contains("disc k=1 seed=0: train"), redo.err());
        assertTrue(Files.readString(out.resolve("results.md")).contains("final epoch (1)"));
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"epochs\": 1"));
        assertTrue(Files.isDirectory(out.resolve("data/disc")), "the generated data inside the folder is kept");
    }
}
