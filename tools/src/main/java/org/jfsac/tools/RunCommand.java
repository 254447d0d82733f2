package org.jfsac.tools;

import org.jfsac.core.backend.Backend;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.data.Datasets;
import org.jfsac.fsac.method.Methods;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.pipeline.DistributedRunner;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.FeatureCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The paper's tables on any registered dataset (MVTec AD, VisA, a folder of one's own images, ...). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Evaluate CLIP-FSAC++, the kNN baseline and zero-shot CLIP-AC (or the --methods chosen) over classes x shots x seeds; "
                + "writes results.csv, results.md, report.html. Resumable.")
final class RunCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin MethodOptions method;
    @Mixin DeviceOption device;
    @Mixin RunOptions run;
    @Mixin ConfigOptions config;

    @Option(names = "--dataset", required = true, completionCandidates = DatasetNames.class,
            description = "a registered dataset: ${COMPLETION-CANDIDATES} (layouts: see README)") String dataset;
    @Option(names = "--data", required = true, paramLabel = "ROOT", description = "dataset root folder") Path data;

    @Override public Integer call() throws Exception {
        if (config.printIfAsked()) return 0;
        Datasets.named(dataset); // an unknown name fails here, listing the registered ones
        Methods.select(run.methods); // so does an unknown method
        if (!Files.isDirectory(data)) throw new java.nio.file.NoSuchFileException(data.toString(), null, "dataset folder not found");
        FsacConfig cfg = method.build(); // usage errors before the device is probed
        DistributedRunner spark = run.sparkRunner(); // and a missing Spark
        Backend be = device.open();
        ClipBackbone clip = backbone.load(be);
        if (spark != null) run.cluster = new RunOptions.Cluster(spark, backbone.source(clip));
        Map<String, String> desc = new LinkedHashMap<>();
        config.describe(desc);
        desc.put("checkpoint", String.valueOf(backbone.checkpoint));
        desc.put("checkpoint SHA-256", clip.weightsId);
        desc.put("data", data.toString());
        return run.execute(clip, dataset, data, cfg, desc);
    }
}
