package org.jfsac.fsac.pipeline;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.report.ResultRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation pipeline on the VisA raw layout with the VisA preset (NSA), batched scoring and best-epoch selection. */
class ExperimentTest {
    @TempDir Path tmp;

    /** Rewrites a generated MVTec-style class as VisA's raw layout: Data/Images/{Normal,Anomaly} + split_csv/1cls.csv. */
    static Path visaTree(Path mvtecRoot, Path visaRoot, String cls) throws Exception {
        StringBuilder csv = new StringBuilder("object,split,label,image,mask\n");
        Path src = mvtecRoot.resolve(cls);
        int n = 0;
        List<Path> all;
        try (Stream<Path> s = Files.walk(src)) {
            all = s.filter(p -> p.toString().endsWith(".png") && !p.toString().contains("ground_truth")).sorted().toList();
        }
        for (Path p : all) {
            String rel = src.relativize(p).toString(); // train/good/000.png, test/<defect>/000.png
            boolean train = rel.startsWith("train"), good = rel.contains("/good/");
            String name = String.format("%04d.JPG", n++);
            String image = cls + "/Data/Images/" + (good ? "Normal/" : "Anomaly/") + name;
            Files.createDirectories(visaRoot.resolve(image).getParent());
            Files.copy(p, visaRoot.resolve(image));
            String mask = "";
            if (!good) {
                String defect = rel.split("/")[1];
                Path m = src.resolve("ground_truth").resolve(defect).resolve(p.getFileName().toString().replace(".png", "_mask.png"));
                mask = cls + "/Data/Masks/Anomaly/" + name.replace(".JPG", ".png");
                Files.createDirectories(visaRoot.resolve(mask).getParent());
                Files.copy(m, visaRoot.resolve(mask));
            }
            csv.append(cls).append(',').append(train ? "train" : "test").append(',').append(good ? "normal" : "anomaly")
                    .append(',').append(image).append(',').append(mask).append('\n');
        }
        Files.createDirectories(visaRoot.resolve("split_csv"));
        Files.writeString(visaRoot.resolve("split_csv/1cls.csv"), csv);
        return visaRoot;
    }

    @Test
    void visaLayoutWithNsaBatchedScoringAndBestEpoch() throws Exception {
        Path mvtec = tmp.resolve("mvtec");
        DemoDataset.generate(mvtec, 4);
        Path visa = visaTree(mvtec, tmp.resolve("visa"), "disc");
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacConfig cfg = FsacConfig.preset("visa");
        cfg.epochs = 2;
        cfg.scoring = FsacConfig.Scoring.BATCHED;
        cfg.epochSelection = FsacConfig.EpochSelection.BEST_ON_TEST;
        Path out = tmp.resolve("out");
        Experiment.Options o = new Experiment.Options("visa", visa, List.of(), List.of(1), 1, cfg, out, 1, new LinkedHashMap<>());
        List<String> tasks = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        Progress p = new Progress() {
            @Override public Task start(String name, long total) {
                tasks.add(name);
                return Progress.none().start(name, total);
            }

            @Override public void log(String message) { logged.add(message); }
        };
        List<ResultRow> rows = new Experiment(clip, new FeatureCache(out.resolve("cache")), p).run(o);
        // CLIP-AC once, CLIP-FSAC++, its labelled best-epoch variant and kNN for k = 1, seed 0; three metrics each.
        assertEquals(12, rows.size(), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.method().equals(Experiment.FSAC_BEST)));
        for (ResultRow r : rows) assertTrue(r.value() >= 0 && r.value() <= 100, r.toString());
        assertTrue(tasks.contains("disc k=1 seed=0: train"), tasks.toString());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("overall: 1/1 combinations (100%)")), "run-wide progress: " + logged);
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("batches of 16") && md.contains("best epoch"), "the protocol is stated: " + md);
        assertTrue(md.contains("NSA"), "VisA preset synthesises with NSA");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("pixel AUROC"), "saliency against the VisA masks");
        assertTrue(html.matches("(?s).*anomaly/\\d{4}\\.JPG · AS = .*"), "captions name the defect folder of each image");
    }
}
