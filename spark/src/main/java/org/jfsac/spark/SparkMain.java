package org.jfsac.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Entry point of the jfsac-spark jar for {@code spark-submit} (master from spark-submit) or {@code java -cp}
 * with {@code --master local[*]}: {@code score} a folder of images with saved heads, or {@code run} the
 * paper's protocol with its combinations spread over the cluster.
 */
@Command(name = "jfsac-spark", mixinStandardHelpOptions = true, subcommands = {SparkMain.Score.class, SparkMain.Run.class},
        description = "CLIP-FSAC++ on Apache Spark")
public final class SparkMain {
    /** Options both commands share: the master (when not launched by spark-submit) and the backbone. */
    static class Common {
        @Option(names = "--master", description = "Spark master when not run through spark-submit, e.g. local[*]") String master;
        @Option(names = "--checkpoint", required = true, description = "OpenCLIP checkpoint, readable at the same path on every executor") String checkpoint;
        @Option(names = "--model", description = "built-in architecture (default: from the checkpoint)") String model;
        @Option(names = "--resize", defaultValue = "squash", description = "squash, shortest or openclip-squash (default ${DEFAULT-VALUE})") String resize;

        SparkSession session(String app) {
            SparkSession.Builder b = SparkSession.builder().appName(app);
            return (master == null ? b : b.master(master)).getOrCreate();
        }

        BackboneSpec backbone() { return BackboneSpec.checkpoint(checkpoint, model, resize); }
    }

    @Command(name = "score", mixinStandardHelpOptions = true, description = "Score every image under a folder (or glob) with saved heads; writes CSV part files")
    static final class Score extends Common implements Callable<Integer> {
        @Option(names = "--head", required = true, description = "head file saved by fit (repeat for several classes)") List<Path> heads;
        @Option(names = "--images", required = true, description = "folder or glob of images (any Hadoop file system)") String images;
        @Option(names = "--class", description = "class of every image (default: the only head's class)") String cls;
        @Option(names = "--threshold", description = "adds is_anomalous = score >= threshold") Double threshold;
        @Option(names = "--saliency", description = "folder for saliency PNGs (shared file system)") String saliency;
        @Option(names = "--out", required = true, description = "output folder for the CSV part files") String out;

        @Override public Integer call() throws Exception {
            Map<String, HeadDescription> byClass = new LinkedHashMap<>();
            for (Path h : heads) {
                HeadDescription d = HeadDescription.read(h);
                byClass.put(d.className(), d);
            }
            if (cls != null && !byClass.containsKey(cls)) throw new IllegalArgumentException("--class " + cls + ": no head for it among " + byClass.keySet());
            if (cls != null) byClass = Map.of(cls, byClass.get(cls));
            SparkSession spark = session("jfsac score");
            Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(images);
            FsacScoringModel m = new FsacScoringModel(backbone(), byClass).setImageCol("content").setThreshold(threshold).setSaliencyDir(saliency);
            if (byClass.size() > 1) throw new IllegalArgumentException("several heads: pass --class, or use FsacScoringModel with a class column");
            List<String> cols = new ArrayList<>(List.of("path", FsacScoringModel.SCORE));
            if (threshold != null) cols.add(FsacScoringModel.ANOMALOUS);
            if (saliency != null) cols.add(FsacScoringModel.SALIENCY);
            cols.add(FsacScoringModel.ERROR);
            m.transform(files).selectExpr(cols.toArray(String[]::new)).write().option("header", "true").csv(out);
            spark.stop();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "The paper's protocol, class x k x seed combinations spread over the cluster; same output as ./jfsac run")
    static final class Run extends Common implements Callable<Integer> {
        @Option(names = "--dataset", required = true, description = "mvtec or visa") String dataset;
        @Option(names = "--data", required = true, description = "dataset root, same path on every executor") Path data;
        @Option(names = "--shots", split = ",", defaultValue = "1,2,4,8") List<Integer> shots;
        @Option(names = "--seeds", defaultValue = "5") int seeds;
        @Option(names = "--seed-list", split = ",", description = "only these seeds, e.g. 0,3") List<Integer> seedList;
        @Option(names = "--classes", split = ",") List<String> classes = new ArrayList<>();
        @Option(names = "--out", defaultValue = "jfsac-out") Path out;
        @Option(names = "--cache", description = "feature cache on a shared file system (default: OUT/cache)") Path cache;
        @Option(names = "--saliency", defaultValue = "3") int saliencyExamples;
        @Option(names = "--preset", defaultValue = "mvtec") String preset;
        @Option(names = "--config", description = "FsacConfig JSON (e.g. a head's fsac_config) instead of --preset") Path config;
        @Option(names = "--epochs") Integer epochs;
        @Option(names = "--overwrite", description = "start afresh in an --out folder made with other settings (as ./jfsac run --overwrite)") boolean overwrite;
        @Option(names = "--methods", split = ",", description = "methods to evaluate, as ./jfsac run --methods (default: all registered)") List<String> methods;

        @Override public Integer call() throws Exception {
            FsacConfig cfg = config != null ? FsacConfig.fromJson(Files.readString(config)) : FsacConfig.preset(preset);
            if (epochs != null) cfg.epochs = epochs;
            LinkedHashMap<String, String> desc = new LinkedHashMap<>();
            desc.put("checkpoint", checkpoint);
            desc.put("data", data.toString());
            desc.put("preset", cfg.preset);
            desc.put("shots", shots.toString());
            desc.put("seeds", Integer.toString(seeds));
            desc.put("hyper-parameters", cfg.toJson().replaceAll("\\s+", " "));
            Files.createDirectories(out);
            Experiment.Options o = new Experiment.Options(dataset, data, classes, shots, seeds, cfg, out, saliencyExamples, desc, seedList, methods);
            SparkSession spark = session("jfsac run");
            SparkProtocol.run(spark, ProtocolJob.of(backbone(), cache != null ? cache : out.resolve("cache"), o), new Progress() {
                @Override public Task start(String name, long total) { return Progress.none().start(name, total); }
                @Override public void log(String message) { System.err.println(message); }
            }, overwrite);
            spark.stop();
            System.out.println(Files.readString(out.resolve("results.md")));
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkMain()).execute(args));
    }
}
