package org.jfsac.fsac.pipeline;

import org.jfsac.core.backend.Devices;
import org.jfsac.fsac.data.ClassSplit;
import org.jfsac.fsac.data.Dataset;
import org.jfsac.fsac.data.MvtecAdProvider;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A class's split is loaded once per run: the saliency examples reuse the split the test set was encoded from. */
class SplitLoadedOnceTest {
    @TempDir Path tmp;

    @Test
    void saliencyReusesTheSplitAlreadyLoaded() throws IOException {
        Path data = tmp.resolve("data");
        DemoDataset.generate(data, 5, new DemoDataset.Config(64, 3, 2, 2, List.of(DemoClass.DISC)));
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        Path out = tmp.resolve("out");
        Experiment.Options o = new Experiment.Options(CountingMvtec.NAME, data, List.of("disc"), List.of(1), 1, cfg, out, 1,
                new LinkedHashMap<>());
        CountingMvtec.LOADS.set(0);
        new Experiment(DemoModel.backbone(Devices.cpu(), 64, 0), new FeatureCache(out.resolve("cache")), Progress.none()).run(o);
        assertTrue(Files.isDirectory(Experiment.saliencyDir(out, "disc", 1, 0)), "saliency examples were made");
        assertEquals(1, CountingMvtec.LOADS.get(), "loads of the class's split");
    }

    /** MVTec AD, counting the splits it loads (registered by this module's test resources). */
    public static final class CountingMvtec implements Dataset {
        static final String NAME = "counting-mvtec";
        static final AtomicInteger LOADS = new AtomicInteger();
        private final Dataset mvtec = new MvtecAdProvider();

        @Override public String name() { return NAME; }

        @Override public String description() { return "MVTec AD, counting loads (fsac's tests)"; }

        @Override public List<String> classes(Path root) throws IOException { return mvtec.classes(root); }

        @Override public ClassSplit load(Path root, String className) throws IOException {
            LOADS.incrementAndGet();
            return mvtec.load(root, className);
        }
    }
}
