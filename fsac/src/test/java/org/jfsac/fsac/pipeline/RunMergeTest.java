package org.jfsac.fsac.pipeline;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folders of one run split by --seed-list merge into what the whole run writes; anything else is refused. */
class RunMergeTest {
    @TempDir Path tmp;

    private Experiment.Options options(FsacConfig cfg, String out, List<Integer> seedList, int saliency) {
        return new Experiment.Options("mvtec", tmp.resolve("data"), List.of(), List.of(1, 2), 2, cfg, tmp.resolve(out), saliency, Map.of(), seedList);
    }

    @Test
    void seedPartsMergeIntoTheWholeRunAndOtherSettingsAreRefused() throws Exception {
        DemoDataset.generate(tmp.resolve("data"), 2, new DemoDataset.Config(48, 3, 2, 1, List.of(DemoClass.DISC)));
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 48, 0);
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        // Seed 1 first, in its own order, to show the merge restores a whole run's row order.
        for (Experiment.Options o : List.of(options(cfg, "whole", null, 1), options(cfg, "s1", List.of(1), 1), options(cfg, "s0", List.of(0), 1)))
            new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(o);

        Path merged = tmp.resolve("merged");
        RunMerge.merge(List.of(tmp.resolve("s1"), tmp.resolve("s0")), merged);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("whole/results.csv")), Files.readAllBytes(merged.resolve("results.csv")));
        // Scores are the part's (multithreaded CPU training is not bitwise repeatable, so not compared with "whole").
        for (String f : List.of("s1/scores/disc/k2_seed1.csv", "s0/shots/disc/k2_seed0.txt", "s0/saliency/disc/k1_seed0/examples.json"))
            assertArrayEquals(Files.readAllBytes(tmp.resolve(f)), Files.readAllBytes(merged.resolve(f.substring(3))), f);
        assertEquals(Files.readString(tmp.resolve("whole/run.json")).replace(tmp.resolve("whole").toString(), ""),
                Files.readString(merged.resolve("run.json")).replace(merged.toString(), ""), "the fingerprint of the whole run");
        assertTrue(Files.readString(merged.resolve("report.html")).contains("k1_seed0") || Files.readString(merged.resolve("report.html")).contains("seed 0"));
        assertTrue(Files.exists(merged.resolve("results.md")));
        try (var s = Files.list(merged)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".merging-")), "no staging left behind");
        }
        // The merged folder is a run folder of the whole run's settings: running them resumes it, fitting nothing.
        List<Experiment.Key> pending = new Experiment(clip, FeatureCache.disabled(), Progress.none()).pending(options(cfg, "merged", null, 1));
        assertEquals(List.of(), pending);

        FsacConfig other = FsacConfig.preset("mvtec");
        other.epochs = 2;
        new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(options(other, "e2", List.of(1), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunMerge.merge(List.of(tmp.resolve("s0"), tmp.resolve("e2")), tmp.resolve("m2")));
        assertEquals(tmp.resolve("e2") + " was made with other settings than " + tmp.resolve("s0") + ": cfg.epochs 1 → 2; only folders of the same settings merge",
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("m2/run.json")));

        // Same settings, different numbers for the same combination: a doctored part is refused.
        Path csv = tmp.resolve("s1/results.csv");
        List<String> lines = Files.readAllLines(csv);
        String[] f = lines.get(1).split(",");
        f[6] = "12.5";
        lines.set(1, String.join(",", f));
        Files.write(csv, lines);
        e = assertThrows(IllegalArgumentException.class, () -> RunMerge.merge(List.of(tmp.resolve("s0"), tmp.resolve("s1")), tmp.resolve("m3")));
        assertTrue(e.getMessage().contains("disagree on disc k=0 seed=0 CLIP-AC"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunMerge.merge(List.of(tmp.resolve("s0")), merged), "merged already holds results");
    }
}
