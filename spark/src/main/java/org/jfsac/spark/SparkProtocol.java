package org.jfsac.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.FeatureCache;
import org.jfsac.fsac.pipeline.Progress;
import org.jfsac.fsac.report.ResultRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The paper's protocol on a Spark cluster. Stage 1 (one task per class) encodes the class's test set once;
 * stage 2 (one task per class × k × seed) chooses the shots, trains and scores, running
 * {@link Experiment#fit} — the very code a single-machine run uses. The driver then records every
 * combination with {@link Experiment#run(Experiment.Options, Map)}, writing the same results.csv, scores/,
 * shots/, results.md and report.html, in the same order, as a single-machine run. Combinations already in
 * the output folder are not sent again (resume).
 */
public final class SparkProtocol {
    private SparkProtocol() {}

    /** As {@link #run(SparkSession, ProtocolJob, Progress, boolean)} without overwriting. */
    public static List<ResultRow> run(SparkSession spark, ProtocolJob job, Progress progress) throws IOException {
        return run(spark, job, progress, false);
    }

    /**
     * Runs the job; returns the result rows (as results.csv holds them). The output folder is claimed first
     * (as a single-machine run claims it): a folder of other settings is refused before anything is sent to the
     * cluster, one of the same settings is resumed, and {@code overwrite} removes other settings' results.
     */
    public static List<ResultRow> run(SparkSession spark, ProtocolJob job, Progress progress, boolean overwrite) throws IOException {
        Experiment driver = experiment(job, progress);
        Experiment.Options o = job.options();
        driver.claim(o, overwrite);
        List<Experiment.Key> todo = driver.pending(o);
        Map<Experiment.Key, Experiment.Fitted> fitted = new HashMap<>();
        if (!todo.isEmpty()) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<String> classes = todo.stream().map(Experiment.Key::cls).distinct().toList();
            progress.log("spark: stage 1, " + classes.size() + " classes; stage 2, " + todo.size() + " combinations");
            sc.parallelize(classes, classes.size()).foreach(cls -> OnExecutor.classData(job, cls));
            // largest k first: training cost grows with k, so the long tasks start early and the tail stays short
            List<Experiment.Key> order = todo.stream().sorted(java.util.Comparator.comparingInt(Experiment.Key::k).reversed()).toList();
            for (Experiment.Fitted f : sc.parallelize(order, order.size()).map(key -> OnExecutor.fit(job, key)).collect())
                fitted.put(f.key(), f);
        }
        return driver.run(o, fitted);
    }

    /**
     * As {@link #run(SparkSession, ProtocolJob, Progress, boolean)} in a session on {@code master} (joining this
     * JVM's session when there is one, and stopping the session only when it started it). Spark logs warnings
     * only, unless a log4j2 configuration is given.
     */
    public static List<ResultRow> runOn(String master, ProtocolJob job, Progress progress, boolean overwrite) throws IOException {
        boolean joined = SparkSession.getDefaultSession().isDefined();
        if (!joined && System.getProperty("log4j2.configurationFile") == null)
            System.setProperty("log4j2.configurationFile", "org/jfsac/spark/log4j2-warn.properties");
        SparkSession.Builder b = SparkSession.builder().appName("jfsac run").master(master);
        // local mode: the driver talks to itself; the host's name may not resolve inside a container
        if (master.startsWith("local")) b = b.config("spark.driver.host", "127.0.0.1");
        SparkSession spark = b.getOrCreate();
        try {
            return run(spark, job, progress, overwrite);
        } finally {
            if (!joined) spark.stop();
        }
    }

    private static Experiment experiment(ProtocolJob job, Progress progress) {
        FeatureCache cache = job.cacheDir() == null ? FeatureCache.disabled() : new FeatureCache(Path.of(job.cacheDir()));
        return new Experiment(ExecutorModels.backbone(job.backbone()), cache, progress);
    }

    /** The executor side: one Experiment per job and the stage-1 data of each class, kept for the JVM's life. */
    static final class OnExecutor {
        private OnExecutor() {}

        private static final ConcurrentMap<ProtocolJob, Experiment> EXPERIMENTS = new ConcurrentHashMap<>();
        private static final ConcurrentMap<List<Object>, Experiment.ClassData> CLASSES = new ConcurrentHashMap<>();

        static Experiment.ClassData classData(ProtocolJob job, String cls) {
            Experiment e = EXPERIMENTS.computeIfAbsent(job, j -> experiment(j, Progress.none()));
            return CLASSES.computeIfAbsent(List.of(job, cls), k -> {
                try {
                    return e.prepare(job.options(), cls);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }

        static Experiment.Fitted fit(ProtocolJob job, Experiment.Key key) throws IOException {
            Experiment.ClassData d = classData(job, key.cls());
            return EXPERIMENTS.get(job).fit(job.options(), d, key);
        }
    }
}
