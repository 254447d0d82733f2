package org.jfsac.spark.bench;

import org.apache.spark.sql.Encoders;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Spark throughput against the direct API (bench/README.md, "Spark"). Lives in the spark module's test
 * sources so that no other module depends on Spark. Arguments: {@code scoring|protocol MODEL N}, MODEL a
 * checkpoint path or {@code demo:SIZE}; N images (scoring) or test images per split (protocol).
 */
public final class SparkBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        BackboneSpec spec = args[1].startsWith("demo:") ? BackboneSpec.demo(Integer.parseInt(args[1].substring(5)), 0)
                : BackboneSpec.checkpoint(args[1], null, "squash");
        int n = Integer.parseInt(args[2]);
        Path tmp = Files.createTempDirectory("jfsac-spark-bench");
        if (mode.equals("scoring")) scoring(spec, n, tmp);
        else protocol(spec, n, tmp);
    }

    private static SparkSession session(int threads) {
        return SparkSession.builder().master("local[" + threads + "]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    static void scoring(BackboneSpec spec, int n, Path tmp) throws Exception {
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
        for (int threads : new int[]{1, 2}) {
            direct(c, files, threads); // warm-up
            double d = direct(c, files, threads);
            SparkSession spark = session(threads);
            FsacScoringModel m = new FsacScoringModel(spec, heads).setImageCol("value");
            var df = spark.createDataset(files, Encoders.STRING()).toDF(); // local data: one partition per executor thread, no shuffle
            m.transform(df).select(FsacScoringModel.SCORE).collectAsList(); // warm-up
            long t0 = System.nanoTime();
            m.transform(df).select(FsacScoringModel.SCORE).collectAsList();
            double s = n / ((System.nanoTime() - t0) / 1e9);
            spark.stop();
            System.out.printf("scoring, %d thread(s), %d images: direct %.1f img/s, Spark %.1f img/s, Spark/direct %.0f %%%n", threads, n, d, s, 100 * s / d);
        }
    }

    /** Images/s of FsacClassifier.score on decoded files, batches of 16 shared among threads. */
    private static double direct(FsacClassifier c, List<String> files, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
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
        return files.size() / ((System.nanoTime() - t0) / 1e9);
    }

    static void protocol(BackboneSpec spec, int perSplit, Path tmp) throws Exception {
        ClipBackbone clip = ExecutorModels.backbone(spec);
        Path data = tmp.resolve("data");
        DemoDataset.generate(data, 1, new DemoDataset.Config(Math.max(64, clip.imageSize()), 2, perSplit, perSplit, List.of(DemoClass.DISC)));
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 5;
        LinkedHashMap<String, String> desc = new LinkedHashMap<>();
        Experiment.Options single = new Experiment.Options("mvtec", data, List.of(), List.of(1), 2, cfg, tmp.resolve("single"), 0, desc);
        long t0 = System.nanoTime();
        new Experiment(clip, new FeatureCache(tmp.resolve("c1")), Progress.none()).run(single);
        double tSingle = (System.nanoTime() - t0) / 1e9;
        SparkSession spark = session(2);
        Experiment.Options dist = new Experiment.Options("mvtec", data, List.of(), List.of(1), 2, cfg, tmp.resolve("spark"), 0, desc);
        t0 = System.nanoTime();
        SparkProtocol.run(spark, ProtocolJob.of(spec, tmp.resolve("c2"), dist), Progress.none());
        double tSpark = (System.nanoTime() - t0) / 1e9;
        spark.stop();
        System.out.printf("protocol, 1 class, k=1, 2 seeds, %d epochs: single-machine %.1f s, local[2] %.1f s, ratio %.2f%n", cfg.epochs, tSingle, tSpark, tSpark / tSingle);
    }
}
