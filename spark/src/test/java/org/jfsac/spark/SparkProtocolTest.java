package org.jfsac.spark;

import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.FeatureCache;
import org.jfsac.fsac.pipeline.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A distributed run (local[2]) writes what a single-machine run writes, byte for byte. */
class SparkProtocolTest {
    @TempDir Path tmp;

    @Test
    void distributedRunEqualsSingleMachineRun() throws Exception {
        Path data = tmp.resolve("data");
        DemoDataset.generate(data, 3, new DemoDataset.Config(48, 3, 2, 2, List.of(DemoClass.DISC, DemoClass.GRID)));
        BackboneSpec spec = SparkFixture.tinyClip();
        Map<String, String> desc = new LinkedHashMap<>(Map.of("data", "demo"));
        Experiment.Options single = new Experiment.Options("mvtec", data, List.of(), List.of(1, 2), 2, SparkFixture.oneEpoch(),
                tmp.resolve("single"), 1, desc);
        new Experiment(ExecutorModels.backbone(spec), new FeatureCache(tmp.resolve("cache-single")), Progress.none()).run(single);

        Experiment.Options dist = new Experiment.Options("mvtec", data, List.of(), List.of(1, 2), 2, SparkFixture.oneEpoch(),
                tmp.resolve("spark"), 1, desc);
        ProtocolJob job = ProtocolJob.of(spec, tmp.resolve("cache-spark"), dist);
        SparkProtocol.run(SparkFixture.session(), job, Progress.none());

        for (String f : List.of("results.csv", "results.md", "shots/disc/k1_seed0.txt", "shots/grid/k2_seed1.txt"))
            assertArrayEquals(Files.readAllBytes(tmp.resolve("single").resolve(f)), Files.readAllBytes(tmp.resolve("spark").resolve(f)), f + " byte-equal");
        // Per-image scores (9 digits) byte-equal too, under the default OpenBLAS: core runs one GEMM per image, so the
        // batches and thread splits that differ between the paths do not reach an image's bits.
        for (String f : List.of("scores/disc/k1_seed0.csv", "scores/grid/k2_seed1.csv"))
            assertArrayEquals(Files.readAllBytes(tmp.resolve("single").resolve(f)), Files.readAllBytes(tmp.resolve("spark").resolve(f)), f + " byte-equal");
        assertTrue(Files.size(tmp.resolve("spark/report.html")) > 0);
        long fsacRows = Files.readAllLines(tmp.resolve("spark/results.csv")).stream().filter(l -> l.contains("CLIP-FSAC++")).count();
        assertEquals(2 * 2 * 2 * 3, fsacRows, "2 classes x 2 k x 2 seeds x 3 metrics");

        assertEquals(List.of(), new Experiment(ExecutorModels.backbone(spec), FeatureCache.disabled(), Progress.none()).pending(dist),
                "a finished run has nothing left to send (resume)");

        // The folder is claimed before anything is sent out: other settings are refused, leaving the results alone.
        byte[] csv = Files.readAllBytes(tmp.resolve("spark/results.csv"));
        org.jfsac.fsac.method.FsacConfig twoEpochs = SparkFixture.oneEpoch();
        twoEpochs.epochs = 2;
        Experiment.Options other = new Experiment.Options("mvtec", data, List.of(), List.of(1, 2), 2, twoEpochs, tmp.resolve("spark"), 1, desc);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkProtocol.run(SparkFixture.session(), ProtocolJob.of(spec, tmp.resolve("cache-spark"), other), Progress.none()));
        assertTrue(e.getMessage().contains("was made with other settings: cfg.epochs 1 → 2"), e.getMessage());
        assertArrayEquals(csv, Files.readAllBytes(tmp.resolve("spark/results.csv")));
        // ... and --overwrite redoes it with the new settings (run.json records them).
        // Claimed (old results removed) before the pending list is made, so every combination goes to the cluster.
        List<String> log = new java.util.ArrayList<>();
        Progress logged = new Progress() {
            @Override public Task start(String name, long total) { return Progress.none().start(name, total); }
            @Override public void log(String message) { log.add(message); }
        };
        SparkProtocol.run(SparkFixture.session(), ProtocolJob.of(spec, tmp.resolve("cache-spark"), other), logged, true);
        assertTrue(log.contains("spark: stage 1, 2 classes; stage 2, 8 combinations"), log.toString());
        assertTrue(Files.readString(tmp.resolve("spark/run.json")).contains("\"epochs\": 2"));
        assertEquals(fsacRows, Files.readAllLines(tmp.resolve("spark/results.csv")).stream().filter(l -> l.contains("CLIP-FSAC++")).count());
    }
}
