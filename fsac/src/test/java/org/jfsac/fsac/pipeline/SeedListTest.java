package org.jfsac.fsac.pipeline;

import org.jfsac.fsac.method.ClipFsacMethod;
import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.report.ResultsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --seed-list runs a subset of seeds, and each of them exactly as a full run would. */
class SeedListTest {
    @TempDir Path tmp;

    @Test
    void aSeedSubsetReproducesThoseSeedsOfAFullRun() throws Exception {
        Path data = tmp.resolve("data");
        DemoDataset.generate(data, 2, new DemoDataset.Config(48, 3, 2, 1, List.of(DemoClass.DISC)));
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 48, 0);
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        Experiment.Options full = new Experiment.Options("mvtec", data, List.of(), List.of(1), 2, cfg, tmp.resolve("full"), 0, Map.of());
        Experiment.Options one = new Experiment.Options("mvtec", data, List.of(), List.of(1), 2, cfg, tmp.resolve("one"), 0, Map.of(), List.of(1));
        new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(full);
        new Experiment(clip, FeatureCache.disabled(), Progress.none()).run(one);

        List<ResultRow> all = ResultsCsv.readIfExists(tmp.resolve("full/results.csv"));
        List<ResultRow> subset = ResultsCsv.readIfExists(tmp.resolve("one/results.csv"));
        assertTrue(subset.stream().noneMatch(r -> r.method().equals(ClipFsacMethod.NAME) && r.seed() == 0), "seed 0 not run");
        List<ResultRow> seed1 = all.stream().filter(r -> r.method().equals(ClipFsacMethod.NAME) && r.seed() == 1).toList();
        assertFalse(seed1.isEmpty());
        assertEquals(seed1, subset.stream().filter(r -> r.method().equals(ClipFsacMethod.NAME)).toList(), "seed 1 as in the full run");
        assertTrue(Files.exists(tmp.resolve("one/shots/disc/k1_seed1.txt")));
        assertFalse(Files.exists(tmp.resolve("one/shots/disc/k1_seed0.txt")));
        assertThrows(IllegalArgumentException.class, () -> new Experiment.Options("mvtec", data, List.of(), List.of(1), 2, cfg, tmp, 0, Map.of(), List.of(1, 1)));
    }
}
