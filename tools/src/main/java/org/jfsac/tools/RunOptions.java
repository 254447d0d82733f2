package org.jfsac.tools;

import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.Method;
import org.jfsac.fsac.method.Methods;
import org.jfsac.fsac.pipeline.DistributedRunner;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.FeatureCache;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What to evaluate and where to write it (run and demo). */
final class RunOptions {
    @Option(names = "--shots", split = ",", defaultValue = "1,2,4,8", description = "k values (default ${DEFAULT-VALUE})") List<Integer> shots;
    @Option(names = "--seeds", defaultValue = "5", description = "seeds per k (default ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--seed-list", split = ",", paramLabel = "S", description = "run only these seeds, e.g. 0,3 (to split a run over machines; merge the folders with report --merge)") List<Integer> seedList;
    @Option(names = "--classes", split = ",", description = "classes to run (default: all)") List<String> classes = new ArrayList<>();
    @Option(names = "--out", defaultValue = "jfsac-out", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})") Path out;
    @Option(names = "--saliency", defaultValue = "3", description = "saliency examples per class (default ${DEFAULT-VALUE})") int saliency;
    @Option(names = "--overwrite", description = "start afresh in an --out folder made with other settings (its previous results are removed; "
            + "without it such a folder is refused, and one with the same settings is resumed)") boolean overwrite;
    @Option(names = "--cache", paramLabel = "DIR", description = "feature cache (default: DIR/cache; 'none' disables)") String cache;
    @Option(names = "--shots-from", paramLabel = "DIR", description = "fixed shots for every seed: DIR/<class>/train/good/ (the authors' few-shot folders, exactly k images) or DIR/<class>/k<k>.txt (file names)") Path shotsFrom;
    @picocli.CommandLine.Mixin BadImagesOption badImages = new BadImagesOption();
    @Option(names = "--fixed-shots", description = "draw the shots once (seed 0) and use them for every seed") boolean fixedShots;
    @Option(names = "--methods", split = ",", paramLabel = "NAME", completionCandidates = MethodNames.class, description = METHODS_HELP) List<String> methods;

    /** --methods' help, shared with demo (which declares its own copy of the option, as of --shots and --seeds). */
    static final String METHODS_HELP = "methods to evaluate, comma-separated, in column order (case ignored): ${COMPLETION-CANDIDATES} "
            + "(default: all of them; CLIP-FSAC++ is trained only when selected; adding a method: fsac/README.md)";
    @Option(names = "--spark", paramLabel = "MASTER", description = "spread the class x k x seed combinations over Apache Spark: local[*], local[N], "
            + "spark://HOST:7077, ... (needs jfsac-spark and Spark on the class path; see README, Scaling out). Same output as without it") String spark;

    /** Where --spark sends the run: the runner and how its workers load the backbone (set before {@link #execute}). */
    record Cluster(DistributedRunner runner, DistributedRunner.BackboneSource source) {}

    Cluster cluster;

    /** The Spark runner when --spark is given (null when not), or one line saying how to get it. */
    DistributedRunner sparkRunner() {
        if (spark == null) return null;
        return DistributedRunner.find("spark", RunOptions.class.getClassLoader()).orElseThrow(() -> new IllegalStateException(
                "--spark: jfsac-spark is not on the class path; build it with mvn -B -pl spark -am package -DskipTests "
                        + "(./jfsac then adds it and Spark's jars), or submit spark/target/jfsac-spark.jar with spark-submit (README, Scaling out)"));
    }

    int execute(ClipBackbone clip, String dataset, Path data, FsacConfig cfg, Map<String, String> desc) throws Exception {
        if (shotsFrom != null) {
            if (!Files.isDirectory(shotsFrom)) throw new java.nio.file.NoSuchFileException(shotsFrom.toString(), null, "--shots-from folder not found");
            cfg.shotsFrom = shotsFrom.toAbsolutePath().toString();
        }
        if (fixedShots) cfg.fixedShots = true;
        Files.createDirectories(out);
        Path cacheDir = "none".equals(cache) ? null : cache != null ? Path.of(cache) : out.resolve("cache");
        desc.put("model", clip.model.config.toJson().replaceAll("\\s+", ""));
        desc.put("preprocessing", clip.resize + " to " + clip.imageSize());
        String resizeDeviation = org.jfsac.fsac.method.AuthorsProtocol.resizeDeviation(cfg, clip.resize);
        if (resizeDeviation != null) desc.put("deviation from the authors' protocol", resizeDeviation);
        desc.put("preset", cfg.preset);
        desc.put("shots", shots.toString());
        desc.put("seeds", Integer.toString(seeds));
        desc.put("hyper-parameters", cfg.toJson().replaceAll("\\s+", " "));
        desc.put("methods", String.join(", ", Methods.select(methods).stream().map(Method::name).toList()));
        Experiment.Options o = new Experiment.Options(dataset, data, classes, shots, seeds, cfg, out, saliency, desc, seedList, methods, badImages.skip);
        if (cluster != null) cluster.runner().run(spark, cluster.source(), clip, cacheDir, o, overwrite, new ConsoleProgress());
        else new Experiment(clip, cacheDir == null ? FeatureCache.disabled() : new FeatureCache(cacheDir), new ConsoleProgress()).run(o, overwrite);
        System.out.println(Files.readString(out.resolve("results.md")));
        System.err.println("wrote " + out.resolve("results.csv") + ", " + out.resolve("results.md") + ", " + out.resolve("report.html"));
        return 0;
    }
}
