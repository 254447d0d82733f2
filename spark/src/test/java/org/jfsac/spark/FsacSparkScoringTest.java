package org.jfsac.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.pipeline.FeatureEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Transformer on the three input forms, bad rows, threshold, saliency, and one backbone load per JVM. */
class FsacSparkScoringTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    static BackboneSpec spec;
    static FsacClassifier direct;
    static Path imgDir;
    static Map<String, Double> expected = new HashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkFixture.session();
        spec = SparkFixture.tinyClip();
        ClipBackbone clip = ExecutorModels.backbone(spec);
        List<Path> train = SparkFixture.images(tmp.resolve("train"), DemoClass.DISC, "train", 2, 0);
        direct = FsacClassifier.create(clip, "disc", SparkFixture.oneEpoch())
                .fit(List.of(FeatureEncoder.read(train.get(0)), FeatureEncoder.read(train.get(1))), 11);
        imgDir = tmp.resolve("score");
        for (Path f : SparkFixture.images(imgDir, DemoClass.DISC, "test", 4, 3))
            expected.put(f.getFileName().toString(), direct.score(FeatureEncoder.read(f)));
        Files.write(imgDir.resolve("broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    private static FsacScoringModel model() throws Exception {
        return new FsacScoringModel(spec, Map.of("disc", HeadDescription.of(direct))).setBatchSize(3);
    }

    /** file name → row, from a column holding the path or URI. */
    private static Map<String, Row> byName(Dataset<Row> scored, String pathColumn) {
        return scored.collectAsList().stream().collect(Collectors.toMap(
                r -> Path.of(java.net.URI.create(r.<String>getAs(pathColumn).startsWith("/") ? "file:" + r.getAs(pathColumn) : r.getAs(pathColumn))).getFileName().toString(),
                r -> r));
    }

    private static void assertScores(Map<String, Row> rows, String form) {
        assertEquals(expected.size() + 1, rows.size(), form + ": every input row comes back");
        // The direct scores are single-image passes; Spark scores batches of 3. A taller GEMM may round the
        // last bits differently, so 1e-6 on scores in [0, 1] (identical in practice on the CPU backend).
        expected.forEach((name, want) -> {
            Row r = rows.get(name);
            assertNull(r.getAs(FsacScoringModel.ERROR), form + " " + name);
            assertEquals(want, r.<Double>getAs(FsacScoringModel.SCORE), 1e-6, form + " " + name);
        });
        Row bad = rows.get("broken.png");
        assertNull(bad.getAs(FsacScoringModel.SCORE), form + ": broken image has no score");
        assertNotNull(bad.getAs(FsacScoringModel.ERROR), form + ": broken image has a message");
    }

    @Test
    void allThreeInputFormsGiveTheDirectScoresAndBadRowsDoNotFailTheJob() throws Exception {
        List<String> paths;
        try (var s = Files.list(imgDir)) { paths = s.map(Path::toString).sorted().toList(); }
        Dataset<Row> byPath = spark.createDataset(paths, Encoders.STRING()).toDF("image").repartition(4);
        assertScores(byName(model().transform(byPath), "image"), "path");

        Dataset<Row> binary = spark.read().format("binaryFile").load(imgDir.toString());
        assertScores(byName(model().setImageCol("content").transform(binary), "path"), "binaryFile");

        Dataset<Row> images = spark.read().format("image").load(imgDir.toString());
        Map<String, Row> viaStruct = model().transform(images).collectAsList().stream().collect(Collectors.toMap(
                        r -> Path.of(java.net.URI.create(r.getStruct(0).getString(0))).getFileName().toString(), r -> r));
        assertScores(viaStruct, "image source (BGR)");

        assertEquals(1, ExecutorModels.backboneLoads(), "the checkpoint is loaded once in this JVM, however many tasks ran");
    }

    /**
     * Bit-identity with one-image-at-a-time scoring, under the default GEMM: 16 images in one call against 1, which
     * OpenBLAS would round differently row by row, were it not for core's one GEMM per image.
     */
    @Test
    void transformerScoresEqualOneImageAtATimeBitForBit() throws Exception {
        List<String> paths;
        try (var s = Files.list(imgDir)) { paths = s.map(Path::toString).sorted().toList(); }
        // default batch size (16): all images of the one partition in one scoring call
        Map<String, Row> rows = byName(new FsacScoringModel(spec, Map.of("disc", HeadDescription.of(direct)))
                .transform(spark.createDataset(paths, Encoders.STRING()).toDF("image").coalesce(1)), "image");
        expected.forEach((name, want) -> assertEquals(want, rows.get(name).<Double>getAs(FsacScoringModel.SCORE), name + ": bit for bit"));
    }

    @Test
    void thresholdMissingHeadsAndSaliency() throws Exception {
        List<Path> some = List.of(imgDir.resolve("disc_test_good_0.png"), imgDir.resolve("disc_bad_0.png"), imgDir.resolve("disc_bad_1.png"));
        double t = expected.get("disc_bad_0.png");
        Dataset<Row> df = spark.createDataFrame(List.of(
                org.apache.spark.sql.RowFactory.create(some.get(0).toString(), "disc"),
                org.apache.spark.sql.RowFactory.create(some.get(1).toString(), "disc"),
                org.apache.spark.sql.RowFactory.create(some.get(2).toString(), "nope"),
                org.apache.spark.sql.RowFactory.create(some.get(2).toString(), null)),
                new org.apache.spark.sql.types.StructType().add("file", "string").add("cls", "string"));
        Path sal = tmp.resolve("saliency");
        List<Row> rows = model().setImageCol("file").setClassCol("cls").setThreshold(t).setSaliencyDir(sal.toString())
                .transform(df).collectAsList();
        for (Row r : rows.subList(0, 2)) {
            double s = r.getAs(FsacScoringModel.SCORE);
            assertEquals(s >= t, r.<Boolean>getAs(FsacScoringModel.ANOMALOUS), "is_anomalous = score >= threshold");
            assertTrue(Files.isRegularFile(Path.of(r.<String>getAs(FsacScoringModel.SALIENCY))), "saliency PNG written");
        }
        assertTrue(rows.get(1).<Boolean>getAs(FsacScoringModel.ANOMALOUS), "at the threshold counts as anomalous");
        assertEquals("no head for class 'nope'", rows.get(2).getAs(FsacScoringModel.ERROR));
        assertEquals("class is null", rows.get(3).getAs(FsacScoringModel.ERROR));
        assertNull(rows.get(2).getAs(FsacScoringModel.ANOMALOUS));
        Set<String> names;
        try (var s = Files.list(sal)) { names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()); }
        assertEquals(2, names.size(), "one uniquely named PNG per scored row");

        Dataset<Row> ints = spark.range(3).toDF("image");
        assertThrows(IllegalArgumentException.class, () -> model().transform(ints), "a numeric image column is refused up front");
    }
}
