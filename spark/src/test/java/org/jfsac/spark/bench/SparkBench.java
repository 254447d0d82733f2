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
 * sources so that no other module depends on Spark. Arguments: {@code scoring|protocol MODEL N [ROUNDS [THREADS [WARMUP]]]},
 * MODEL a checkpoint path (an OpenCLIP {@code .pt} or safetensors file, architecture read from it) or
 * {@code demo:SIZE}; N images (scoring) or test images per split (protocol); THREADS the executor thread counts
 * to measure, comma-separated (scoring; default 1,2); WARMUP unmeasured rounds first (default 1): Spark's planning
 * code is so large that the JIT compiles parts of it for dozens of jobs (≈ 0.5 CPU-s a job after 20 jobs, measured
 * with the compilation MXBean), a cost a long-lived executor no longer pays. Spark logs warnings only, as the
 * command line's does.
 * The two paths alternate round by round (which goes first alternates too), so that load changes and JIT
 * warm-up hit both alike; the table gives medians, the ratio of the medians, and the load average.
 */
public final class SparkBench {
    private static int warmup = 1;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        BackboneSpec spec = args[1].startsWith("demo:") ? BackboneSpec.demo(Integer.parseInt(args[1].substring(5)), 0)
                : BackboneSpec.checkpoint(args[1], null, "squash");
        int n = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        warmup = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        int[] threads = Arrays.stream((args.length > 4 ? args[4] : "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        if (System.getProperty("log4j2.configurationFile") == null)
            System.setProperty("log4j2.configurationFile", "org/jfsac/spark/log4j2-warn.properties");
        Path tmp = Files.createTempDirectory("jfsac-spark-bench");
        System.out.println("load average at start: " + load() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
        if (mode.equals("scoring")) scoring(spec, n, rounds, threads, tmp);
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

    /** The JVM's CPU time so far, all threads (Spark's own included), in seconds. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * Wall and CPU seconds one call takes. On a shared machine the wall time mostly measures the other
     * processes; the CPU time this JVM spends is the steadier measure of the work each path does.
     */
    private static double[] seconds(Callable<?> work) throws Exception {
        long t0 = System.nanoTime();
        double c0 = cpuSeconds();
        work.call();
        return new double[]{(System.nanoTime() - t0) / 1e9, cpuSeconds() - c0};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Per round, wall [0] and CPU [1] seconds of path a [0] and b [1]. */
    private record Rounds(double[][] wall, double[][] cpu) {
        double medianWall(int path) { return median(wall[path]); }

        double medianCpu(int path) { return median(cpu[path]); }
    }

    /** Runs a and b alternately, round r going a-first when r is even. */
    private static Rounds alternate(int rounds, Callable<?> a, Callable<?> b) throws Exception {
        double[][] wall = new double[2][rounds], cpu = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 2; i++) {
                int path = (r % 2 == 0) == (i == 0) ? 0 : 1;
                double[] t = seconds(path == 0 ? a : b);
                wall[path][r] = t[0];
                cpu[path][r] = t[1];
            }
        }
        return new Rounds(wall, cpu);
    }

    static void scoring(BackboneSpec spec, int n, int rounds, int[] threadCounts, Path tmp) throws Exception {
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
        System.out.printf("%n| scoring, %d PNGs (%d px), %d rounds, medians | direct img/s | Spark img/s | Spark / direct (wall) "
                + "| direct img per CPU-s | Spark img per CPU-s | Spark / direct (CPU) | rounds' wall ratios |%n|---|---:|---:|---:|---:|---:|---:|---|%n", n, size, rounds);
        for (int threads : threadCounts) {
            SparkSession spark = session(threads);
            FsacScoringModel m = new FsacScoringModel(spec, heads).setImageCol("value");
            Dataset<Row> df = spark.createDataset(files, Encoders.STRING()).toDF(); // local data: one partition per executor thread, no shuffle
            Callable<?> direct = () -> direct(c, files, threads), viaSpark = () -> m.transform(df).select(FsacScoringModel.SCORE).collectAsList();
            alternate(warmup, direct, viaSpark);
            Rounds t = alternate(rounds, direct, viaSpark);
            spark.stop();
            double d = n / t.medianWall(0), s = n / t.medianWall(1), dc = n / t.medianCpu(0), sc = n / t.medianCpu(1);
            StringBuilder per = new StringBuilder();
            for (int r = 0; r < rounds; r++) per.append(r == 0 ? "" : " ").append(Math.round(100 * t.wall()[0][r] / t.wall()[1][r])).append('%');
            System.out.printf("| %d executor thread(s) | %.2f | %.2f | %.0f %% | %.2f | %.2f | %.0f %% | %s |%n", threads, d, s, 100 * s / d, dc, sc, 100 * sc / dc, per);
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
        alternate(warmup, single, distributed);
        Rounds t = alternate(rounds, single, distributed);
        spark.stop();
        System.out.printf("%n| protocol, 1 class, k = 1, 2 seeds, %d epochs, %d rounds, medians | single machine s | local[2] s | local[2] / single (wall) "
                        + "| single CPU-s | local[2] CPU-s | local[2] / single (CPU) |%n|---|---:|---:|---:|---:|---:|---:|%n| %d px model, %d images per test split "
                        + "| %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |%n", cfg.epochs, rounds, clip.imageSize(), perSplit,
                t.medianWall(0), t.medianWall(1), t.medianWall(1) / t.medianWall(0), t.medianCpu(0), t.medianCpu(1), t.medianCpu(1) / t.medianCpu(0));
    }
}
