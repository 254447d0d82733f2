package org.jfsac.tools;

import org.jfsac.core.backend.Backend;
import org.jfsac.fsac.clip.ClipBackbone;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The whole pipeline on a generated MVTec-style dataset with a small random-weight CLIP (no downloads);
 * with --checkpoint and --data it is the real `run`.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline (synthesis, training, scoring, metrics, saliency, report) on a generated dataset "
                + "with a small random-weight CLIP; with --checkpoint and --data, on real data.")
final class DemoCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin DeviceOption device;
    @Mixin MethodOptions method;
    @Option(names = "--data", paramLabel = "ROOT", description = "an MVTec-style dataset (default: generate one under --out)") Path data;
    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})") Path out;
    @Option(names = "--shots", split = ",", defaultValue = "1,2", description = "k values (default ${DEFAULT-VALUE})") java.util.List<Integer> shots;
    @Option(names = "--seeds", defaultValue = "2", description = "seeds per k (default ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the generated data and random model") long seed;

    @Override public Integer call() throws Exception {
        Backend be = device.open();
        Path root = data;
        if (root == null) {
            root = out.resolve("data");
            DemoDataset.Written w = DemoDataset.ensure(root, seed); // also repairs a dataset a crash left incomplete
            if (w != null) System.err.println("generated " + w.images() + " images and " + w.masks() + " masks under " + root);
        }
        ClipBackbone clip;
        Map<String, String> desc = new LinkedHashMap<>();
        if (backbone.checkpoint != null) {
            clip = backbone.load(be);
            desc.put("checkpoint", backbone.checkpoint.toString());
        } else {
            clip = DemoModel.backbone(be, 64, seed);
            String warning = "RANDOM WEIGHTS: a small CLIP-architecture model with seeded random weights; the numbers say nothing about CLIP";
            System.err.println("NOTE: " + warning + ".");
            desc.put("model weights", warning);
        }
        desc.put("data", root.toString());
        RunOptions run = new RunOptions();
        run.shots = shots;
        run.seeds = seeds;
        run.out = out;
        run.saliency = 3;
        run.classes = new java.util.ArrayList<>();
        FsacConfig cfg = method.build();
        // Demo defaults (override with --epochs / --lr-image / --lr-text): 60 epochs at the paper's learning
        // rates, so that a few minutes of training visibly move the random-feature head.
        if (method.epochs == null) cfg.epochs = 60;
        if (method.lrImage == null && method.lrText == null && backbone.checkpoint == null) cfg.withPaperLearningRates();
        return run.execute(clip, "mvtec", root, cfg, desc);
    }
}
