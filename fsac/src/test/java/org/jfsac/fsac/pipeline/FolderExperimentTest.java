package org.jfsac.fsac.pipeline;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.report.ResultRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The folder dataset end to end: users' own tree (normal/, test/, some masks missing) through the whole pipeline. */
class FolderExperimentTest {
    @TempDir Path tmp;

    /** Rewrites a generated MVTec-style class as a folder-dataset class: train/good becomes normal/; one defect's masks dropped. */
    static Path folderTree(Path mvtecClass, Path folderClass, String defectWithoutMasks) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(mvtecClass)) {
            all = s.filter(Files::isRegularFile).toList();
        }
        for (Path p : all) {
            String rel = mvtecClass.relativize(p).toString().replace('\\', '/');
            if (rel.startsWith("ground_truth/" + defectWithoutMasks + "/")) continue;
            Path to = folderClass.resolve(rel.startsWith("train/good/") ? "normal/" + rel.substring("train/good/".length()) : rel);
            Files.createDirectories(to.getParent());
            Files.copy(p, to);
        }
        return folderClass;
    }

    private static List<ResultRow> run(ClipBackbone clip, String dataset, Path data, Path out, List<String> logged) throws IOException {
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 2;
        Experiment.Options o = new Experiment.Options(dataset, data, List.of(), List.of(1), 1, cfg, out, 4, new LinkedHashMap<>()); // 4: every anomalous image
        Progress p = new Progress() {
            @Override public Task start(String name, long total) { return Progress.none().start(name, total); }

            @Override public void log(String message) { logged.add(message); }
        };
        return new Experiment(clip, new FeatureCache(out.resolve("cache")), p).run(o);
    }

    @Test
    void aFolderOfOnesOwnImagesRunsEndToEndAndScoresAsTheSameImagesInMvtecLayout() throws Exception {
        Path mvtec = tmp.resolve("mvtec");
        DemoDataset.generate(mvtec, 5, new DemoDataset.Config(64, 4, 3, 2, List.of(DemoClass.DISC)));
        Path disc = folderTree(mvtec.resolve("disc"), tmp.resolve("mine/disc"), "hole");
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);

        List<String> logged = new ArrayList<>();
        List<ResultRow> rows = run(clip, "folder", disc, tmp.resolve("out-folder"), logged);
        // CLIP-AC once, CLIP-FSAC++ and kNN for k = 1, seed 0; three metrics each; the class is named after the folder.
        assertEquals(9, rows.size(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.dataset().equals("folder") && r.className().equals("disc")), rows.toString());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("disc: no mask folder") && l.contains("hole")),
                "missing masks are tolerated and said once: " + logged);
        assertTrue(Files.readString(tmp.resolve("out-folder/results.md")).contains("CLIP-FSAC++ on folder"));
        assertTrue(Files.readString(tmp.resolve("out-folder/report.html")).contains("pixel AUROC"),
                "saliency is scored against the masks that are there");

        // Same images, same order, same shots: the numbers equal those of the MVTec layout, dataset column aside.
        List<ResultRow> asMvtec = run(clip, "mvtec", mvtec, tmp.resolve("out-mvtec"), new ArrayList<>());
        assertEquals(asMvtec.stream().map(FolderExperimentTest::withoutDataset).toList(),
                rows.stream().map(FolderExperimentTest::withoutDataset).toList());
    }

    private static String withoutDataset(ResultRow r) {
        return r.className() + "," + r.shots() + "," + r.seed() + "," + r.method() + "," + r.metric() + "," + r.value();
    }
}
