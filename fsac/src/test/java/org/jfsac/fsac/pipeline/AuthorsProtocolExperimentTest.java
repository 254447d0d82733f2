package org.jfsac.fsac.pipeline;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.AuthorsProtocol;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.report.ResultRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run under --protocol authors: early stop with the patience, the same shots for every seed, labelled reports. */
class AuthorsProtocolExperimentTest {
    @TempDir Path tmp;

    @Test
    void authorsProtocolRunIsLabelledStopsEarlyAndKeepsTheShots() throws Exception {
        Path data = tmp.resolve("mvtec");
        DemoDataset.generate(data, 4);
        String cls = firstClass(data);
        ClipBackbone clip = DemoModel.backbone(Devices.cpu(), 64, 0);
        FsacConfig cfg = AuthorsProtocol.apply(FsacConfig.preset("mvtec"));
        cfg.epochs = 40;
        cfg.bestEpochPatience = 2; // a deviation, so the test stays short; named in the label
        Path out = tmp.resolve("out");
        Map<String, AtomicLong> steps = new ConcurrentHashMap<>();
        Progress p = (name, total) -> new Progress.Task() {
            @Override public void step(long n) { steps.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n); }
            @Override public void close() {}
        };
        Experiment.Options o = new Experiment.Options("mvtec", data, List.of(cls), List.of(2), 2, cfg, out, 0, new LinkedHashMap<>());
        List<ResultRow> rows = new Experiment(clip, new FeatureCache(out.resolve("cache")), p).run(o);
        assertTrue(rows.stream().anyMatch(r -> r.method().equals(Experiment.FSAC_BEST)), rows.toString());
        for (int seed = 0; seed < 2; seed++) {
            long epochs = steps.get(cls + " k=2 seed=" + seed + ": train").get();
            assertTrue(epochs >= 3 && epochs < 40, "patience 2 stops well before 40 epochs: " + epochs);
        }
        Path shots = out.resolve("shots").resolve(cls);
        String seed0 = Files.readString(shots.resolve("k2_seed0.txt"));
        assertEquals(seed0, Files.readString(shots.resolve("k2_seed1.txt")), "fixed shots across seeds");
        List<String> names = seed0.lines().toList();
        assertEquals(names.stream().sorted().toList(), names, "sorted order");
        for (String f : List.of("results.md", "report.html")) {
            String text = Files.readString(out.resolve(f)).replace("&#39;", "'");
            assertTrue(text.contains("the authors' protocol") && text.contains("Protocol: the authors'"), f + " names the protocol");
            assertTrue(text.contains("re-adapts the text per batch") && text.contains("patience: 2 (authors: 10)"), f + ": " + text);
        }
    }

    private static String firstClass(Path root) throws Exception {
        try (var s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }
}
