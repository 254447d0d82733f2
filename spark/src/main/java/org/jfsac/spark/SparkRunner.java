package org.jfsac.spark;

import org.jfsac.fsac.pipeline.DistributedRunner;
import org.jfsac.fsac.pipeline.Experiment;
import org.jfsac.fsac.pipeline.Progress;
import org.jfsac.fsac.report.ResultRow;
import org.jfsac.fsac.towers.ClipBackbone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./jfsac run --spark MASTER}: the command line finds this through {@link java.util.ServiceLoader} and
 * hands it the run it would have done itself; {@link SparkProtocol} spreads it over the cluster. This class
 * links no Spark class itself, so that a class path with jfsac-spark but without Spark gets one clear line.
 */
public final class SparkRunner implements DistributedRunner {
    /** The message when Spark's own jars are missing. */
    static final String NO_SPARK = "--spark: Apache Spark is not on the class path (jfsac-spark is): ./jfsac adds Spark's jars from "
            + "spark/target/spark-classpath.txt (written by mvn -B -pl spark -am package -DskipTests) or $SPARK_HOME/jars; "
            + "or submit spark/target/jfsac-spark.jar with spark-submit";

    @Override public String name() { return "spark"; }

    @Override
    public List<ResultRow> run(String master, BackboneSource source, ClipBackbone clip, Path cacheDir, Experiment.Options o,
                               boolean overwrite, Progress progress) throws IOException {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkRunner.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(NO_SPARK);
        }
        BackboneSpec spec = BackboneSpec.of(source);
        ExecutorModels.register(spec, clip); // local mode: the executors share the driver's backbone, loaded once
        return SparkProtocol.runOn(master, ProtocolJob.of(spec, cacheDir, o), progress, overwrite);
    }
}
