package org.jfsac.tools;

import org.jfsac.fsac.demo.Defect;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.jfsac.tools.CliTest.fixture;
import static org.jfsac.tools.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --dataset folder} on a user's own tree, and what the registry does to --dataset's help and errors. */
class FolderDatasetCliTest {
    @TempDir Path tmp;

    /** A folder-dataset class as a user would lay it out: normal/, test/good, test/&lt;defect&gt;, masks for one defect only. */
    static Path userTree(Path dir) {
        DemoClass cls = DemoClass.DISC;
        for (int i = 0; i < 3; i++) DemoDataset.normal(cls, 64, 1, "train", i).writePng(dir.resolve("normal/n" + i + ".png"));
        for (int i = 0; i < 2; i++) DemoDataset.normal(cls, 64, 1, "test", i).writePng(dir.resolve("test/good/g" + i + ".png"));
        for (Defect d : cls.defects()) {
            for (int i = 0; i < 2; i++) {
                DemoDataset.Sample s = DemoDataset.defective(cls, d, 64, 1, i);
                s.image().writePng(dir.resolve("test/" + d.dirName() + "/" + i + ".png"));
                if (d == Defect.HOLE) s.mask().writePng(dir.resolve("ground_truth/" + d.dirName() + "/" + i + "_mask.png"));
            }
        }
        return dir;
    }

    static String[] runArgs(Path data, Path out, String dataset) {
        return new String[]{"run", "--dataset", dataset, "--data", data.toString(),
                "--checkpoint", fixture("tiny-gelu/model.pt").toString(), "--model-config", fixture("tiny-gelu/config.json").toString(),
                "--device", "cpu", "--shots", "1", "--seeds", "1", "--epochs", "1", "--saliency", "1", "--out", out.toString()};
    }

    @Test
    void runsOnAFolderOfOnesOwnImages() throws Exception {
        Path data = userTree(tmp.resolve("parts/disc"));
        Path out = tmp.resolve("out");
        CliTest.Result r = run(runArgs(data, out, "folder"));
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        // header + (CLIP-AC + CLIP-FSAC++ + kNN for k = 1, seed 0) x 3 metrics, all of class "disc" (the folder's name)
        assertEquals(1 + 3 * 3, csv.size(), String.join("\n", csv));
        assertTrue(csv.stream().skip(1).allMatch(l -> l.startsWith("folder,disc,")), String.join("\n", csv));
        assertTrue(r.err().contains("no mask folder") && r.err().contains("scratch"), "missing masks are a notice: " + r.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("CLIP-FSAC++ on folder"));
    }

    /** The demo end to end on the folder dataset: it generates its data in that layout, and every method runs on it. */
    @Test
    void demoRunsOnTheFolderLayout() throws Exception {
        Path out = tmp.resolve("demo");
        CliTest.Result r = run("demo", "--dataset", "folder", "--out", out.toString(), "--epochs", "1", "--shots", "1", "--seeds", "1", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isDirectory(out.resolve("data-folder/disc/normal")), "the generated classes keep their normal images in normal/");
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        // header + 3 classes x (CLIP-AC + CLIP-FSAC++ + kNN at k = 1, seed 0) x 3 metrics
        assertEquals(1 + 3 * 3 * 3, csv.size(), String.join("\n", csv));
        assertTrue(csv.stream().skip(1).allMatch(l -> l.startsWith("folder,")), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(l -> l.contains(",kNN,")), String.join("\n", csv));

        CliTest.Result other = run("demo", "--dataset", "visa", "--out", tmp.resolve("v").toString(), "--device", "cpu");
        assertEquals(1, other.code(), other.err());
        assertTrue(CliTest.errorLine(other).contains("--dataset visa: the generated demo data comes in the mvtec or folder layout"),
                CliTest.errorLine(other));
    }

    @Test
    void aBadTreeOrAnUnknownNameIsOneLineNamingIt() throws Exception {
        Path data = tmp.resolve("parts/disc");
        Files.createDirectories(data.resolve("normal"));
        DemoDataset.normal(DemoClass.DISC, 64, 1, "train", 0).writePng(data.resolve("normal/0.png"));
        CliTest.Result noTest = run(runArgs(data, tmp.resolve("out"), "folder"));
        assertEquals(1, noTest.code(), noTest.err());
        String line = CliTest.errorLine(noTest);
        assertTrue(line.contains(data.resolve("test").toString()) && line.contains("test images of class 'disc'"), line);

        CliTest.Result unknown = run(runArgs(data, tmp.resolve("out2"), "mvtec-ad"));
        assertEquals(1, unknown.code(), unknown.err());
        assertEquals("jfsac run: unknown dataset 'mvtec-ad'; registered: folder, mvtec, visa", CliTest.errorLine(unknown));

        String help = run("run", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("a registered dataset: folder, mvtec, visa"), help);
    }
}
