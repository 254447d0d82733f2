package org.jfsac.tools;

import org.jfsac.core.backend.Backend;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.Methods;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
@Command(name = "demo", mixinStandardHelpOptions = true, modelTransformer = DemoCommand.DemoDefaults.class,
        description = "Run the whole pipeline (synthesis, training, scoring, metrics, saliency, report) on a generated dataset "
                + "with a small random-weight CLIP; with --checkpoint and --data, on real data.")
final class DemoCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin DeviceOption device;
    @Mixin MethodOptions method;
    @Mixin ConfigOptions config;
    @Mixin BadImagesOption badImages;
    @Option(names = "--data", paramLabel = "ROOT", description = "an MVTec-style dataset (default: generate one under --out)") Path data;
    @Option(names = "--dataset", defaultValue = "mvtec", paramLabel = "NAME", description = "layout of the generated data: mvtec or "
            + "folder (your own images' layout, see run --help); with --data, any registered dataset (default ${DEFAULT-VALUE})") String dataset;
    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})") Path out;
    @Option(names = "--shots", split = ",", defaultValue = "1,2", description = "k values (default ${DEFAULT-VALUE})") java.util.List<Integer> shots;
    @Option(names = "--seeds", defaultValue = "2", description = "seeds per k (default ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--seed-list", split = ",", paramLabel = "S", description = "run only these seeds (see run --help)") java.util.List<Integer> seedList;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the generated data and random model (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--overwrite", description = "start afresh in an --out folder made with other settings (see run --help)") boolean overwrite;
    @Option(names = "--methods", split = ",", paramLabel = "NAME", completionCandidates = MethodNames.class, description = RunOptions.METHODS_HELP) java.util.List<String> methods;

    @Override public Integer call() throws Exception {
        if (config.printIfAsked()) return 0;
        FsacConfig cfg = method.build(); // usage errors before the device is probed
        Methods.select(methods);
        Backend be = device.open();
        Path root = data;
        if (root == null) {
            DemoDataset.Layout layout = switch (dataset) {
                case "mvtec" -> DemoDataset.Layout.MVTEC;
                case org.jfsac.fsac.data.FolderDataset.NAME -> DemoDataset.Layout.FOLDER;
                default -> throw new IllegalArgumentException("--dataset " + dataset
                        + ": the generated demo data comes in the mvtec or folder layout; give --data for another dataset");
            };
            root = out.resolve(layout == DemoDataset.Layout.MVTEC ? "data" : "data-" + dataset);
            DemoDataset.Written w = DemoDataset.ensure(root, seed, layout); // also repairs a dataset a crash left incomplete
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
        config.describe(desc);
        RunOptions run = new RunOptions();
        run.shots = shots;
        run.seeds = seeds;
        run.seedList = seedList;
        run.out = out;
        run.saliency = 3;
        run.classes = new java.util.ArrayList<>();
        run.overwrite = overwrite;
        run.methods = methods;
        run.badImages = badImages;
        // The demo's defaults (DemoDefaults, shown by --help): 60 epochs at the paper's learning rates, so that a
        // few minutes of training visibly move the random-feature head.
        if (method.lrImage == null && method.lrText == null && backbone.checkpoint == null) cfg.withPaperLearningRates();
        return run.execute(clip, dataset, root, cfg, desc);
    }

    /** The demo's own defaults, in its --help and in effect: a copy of each shared option with the demo's text. */
    static final class DemoDefaults implements CommandLine.IModelTransformer {
        @Override public CommandSpec transform(CommandSpec spec) {
            redefine(spec, "--epochs", "60", "training epochs (default ${DEFAULT-VALUE}; run and fit: 100)");
            redefine(spec, "--lr-image", null, "Adam learning rate of image adapter + descriptor "
                    + "(default: 5e-4, the paper's, with the random-weight model; the code's 5e-5 with --checkpoint)");
            redefine(spec, "--lr-text", null, "Adam learning rate of the text adapter "
                    + "(default: 1e-4, the paper's, with the random-weight model; the code's 1e-5 with --checkpoint)");
            return spec;
        }

        private static void redefine(CommandSpec spec, String name, String defaultValue, String description) {
            OptionSpec old = spec.findOption(name);
            if (old == null) throw new IllegalStateException("demo has no option " + name);
            spec.remove(old);
            spec.addOption(OptionSpec.builder(old).defaultValue(defaultValue).description(description).build());
        }
    }
}
