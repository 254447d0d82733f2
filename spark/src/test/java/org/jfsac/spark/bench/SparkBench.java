package org.jfsac.spark.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.FeatureCache;
import org.jfsac.fsac.pipeline.FeatureEncoder;
import org.jfsac.fsac.pipeline.Progress;
import org.jfsac.spark.BackboneSpec;
import org.jfsac.spark.ExecutorModels;
import org.jfsac.spark.FsacScoringModel;
import org.jfsac.spark.ProtocolJob;
import org.jfsac.spark.SparkProtocol;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Spark throughput against the direct API (bench/README.md, "Spark"). Lives in the spark module's test
 * sources so that no other module depends on Spark. Arguments: {@code scoring|protocol MODEL N [ROUNDS]},
 * MODEL a checkpoint path or {@code demo:SIZE}; N images (scoring) or test images per split (protocol).
 * The two paths alternate round by round (which goes first alternates too), so that load changes and JIT
 * warm-up hit both alike; the table gives medians, the ratio of the medians, and the load average.
 */
public final class SparkBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        BackboneSpec spec = args[1].startsWith("demo:") ? BackboneSpec.demo(Integer.parseInt(args[1].substring(5)), 0)
                : BackboneSpec.checkpoint(args[1], null, "squash");
        int n = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path tmp = Files.createTempDirectory("jfsac-spark-bench");
        System.out.println("load average at start: " + load() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
        if (mode.equals("scoring")) scoring(spec, n, rounds, tmp);
        else protocol(spec, n, rounds, tmp);
        System.out.println("load average at end: " + load());
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static SparkSession session(int threads) {
        return SparkSession.builder().master("local[" + threads + "]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    /** Seconds one call takes. */
    private static double seconds(Callable<?> work) throws Exception {
        long t0 = System.nanoTime();
        work.call();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Runs a and b alternately, round r going a-first when r is even; returns the seconds of each, per round. */
    private static double[][] alternate(int rounds, Callable<?> a, Callable<?> b) throws Exception {
        double[][] t = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                t[0][r] = seconds(a);
                t[1][r] = seconds(b);
            } else {
                t[1][r] = seconds(b);
                t[0][r] = seconds(a);
            }
        }
        return t;
    }

    static void scoring(BackboneSpec spec, int n, int rounds, Path tmp) throws Exception {
        ClipBackbone clip = ExecutorModels.backbone(spec);
        int size = Math.max(64, clip.imageSize());
        List<String> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = tmp.resolve("img" + i + ".png");
            DemoDataset.normal(DemoClass.DISC, size, 1, "test", i).writePng(f);
            files.add(f.toString());
        }
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        FsacClassifier c = FsacClassifier.create(clip, "disc", cfg).fit(List.of(FeatureEncoder.read(Path.of(files.get(0)))), 0);
        Map<String, HeadDescription> heads = Map.of("disc", HeadDescription.of(c));
        System.out.printf("%n| scoring, %d PNGs (%d px), %d rounds | direct img/s (median) | Spark img/s (median) | Spark / direct | rounds' ratios |%n"
                + "|---|---:|---:|---:|---|%n", n, size, rounds);
        for (int threads : new int[]{1, 2}) {
            SparkSession spark = session(threads);
            FsacScoringModel m = new FsacScoringModel(spec, heads).setImageCol("value");
            Dataset<Row> df = spark.createDataset(files, Encoders.STRING()).toDF(); // local data: one partition per executor thread, no shuffle
            Callable<?> direct = () -> direct(c, files, threads), viaSpark = () -> m.transform(df).select(FsacScoringModel.SCORE).collectAsList();
            alternate(1, direct, viaSpark); // warm-up
            double[][] t = alternate(rounds, direct, viaSpark);
            spark.stop();
            double d = n / median(t[0]), s = n / median(t[1]);
            StringBuilder per = new StringBuilder();
            for (int r = 0; r < rounds; r++) per.append(r == 0 ? "" : " ").append(Math.round(100 * t[0][r] / t[1][r])).append('%');
            System.out.printf("| %d executor thread(s) | %.2f | %.2f | %.0f %% | %s |%n", threads, d, s, 100 * s / d, per);
        }
    }

    /** Scores the files with FsacClassifier.score, batches of 16 shared among threads (what a partition does). */
    private static Object direct(FsacClassifier c, List<String> files, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int i = 0; i < files.size(); i += 16) {
                List<String> part = files.subList(i, Math.min(files.size(), i + 16));
                fs.add(pool.submit(() -> {
                    List<BufferedImage> imgs = new ArrayList<>();
                    for (String f : part) imgs.add(FeatureEncoder.read(Path.of(f)));
                    return c.score(imgs);
                }));
            }
            for (Future<double[]> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        return null;
    }

    static void protocol(BackboneSpec spec, int perSplit, int rounds, Path tmp) throws Exception {
        ClipBackbone clip = ExecutorModels.backbone(spec);
        Path data = tmp.resolve("data");
        DemoDataset.generate(data, 1, new DemoDataset.Config(Math.max(64, clip.imageSize()), 2, perSplit, perSplit, List.of(DemoClass.DISC)));
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 5;
        LinkedHashMap<String, String> desc = new LinkedHashMap<>();
        SparkSession spark = session(2);
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        // every run starts from nothing: its own output folder and feature cache (stage 1 is part of the cost)
        Callable<?> single = () -> {
            Path dir = tmp.resolve("run" + runs.incrementAndGet());
            return new Experiment(clip, new FeatureCache(dir.resolve("cache")), Progress.none())
                    .run(new Experiment.Options("mvtec", data, List.of(), List.of(1), 2, cfg, dir, 0, desc));
        };
        Callable<?> distributed = () -> {
            Path dir = tmp.resolve("run" + runs.incrementAndGet());
            return SparkProtocol.run(spark, ProtocolJob.of(spec, dir.resolve("cache"),
                    new Experiment.Options("mvtec", data, List.of(), List.of(1), 2, cfg, dir, 0, desc)), Progress.none());
        };
        alternate(1, single, distributed); // warm-up
        double[][] t = alternate(rounds, single, distributed);
        spark.stop();
        double s = median(t[0]), d = median(t[1]);
        System.out.printf("%n| protocol, 1 class, k = 1, 2 seeds, %d epochs, %d rounds | single machine s (median) | local[2] s (median) | local[2] / single (time) |%n"
                + "|---|---:|---:|---:|%n| %s | %.1f | %.1f | %.2f |%n", cfg.epochs, rounds, clip.imageSize() + " px model", s, d, d / s);
    }
}
