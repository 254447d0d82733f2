package org.jfsac.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code run --spark} without jfsac-spark on the class path (tools never depends on Spark): one line saying how
 * to get it, before any model is loaded. The distributed run itself is tested in the spark module
 * ({@code SparkRunCommandTest}), where Spark is on the test class path.
 */
class SparkOptionTest {
    @TempDir Path tmp;

    @Test
    void sparkWithoutJfsacSparkIsOneLineSayingHowToGetIt() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        CliTest.Result r = CliTest.run("run", "--spark", "local[2]", "--checkpoint", tmp.resolve("no-such.pt").toString(),
                "--dataset", "mvtec", "--data", tmp.resolve("data").toString(), "--out", tmp.resolve("out").toString(), "--device", "cpu");
        assertEquals(1, r.code(), r.err());
        assertEquals("jfsac run: --spark: jfsac-spark is not on the class path; build it with mvn -B -pl spark -am package -DskipTests "
                + "(./jfsac then adds it and Spark's jars), or submit spark/target/jfsac-spark.jar with spark-submit (README, Scaling out)", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }
}
