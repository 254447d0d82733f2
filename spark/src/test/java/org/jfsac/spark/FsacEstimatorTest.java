package org.jfsac.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.pipeline.FeatureEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Estimator fits one head per class from a DataFrame of normal images, as FsacClassifier.fit would. */
class FsacEstimatorTest {
    @TempDir Path tmp;

    @Test
    void fitsOneHeadPerClassLikeTheDirectApi() throws Exception {
        SparkSession spark = SparkFixture.session();
        BackboneSpec spec = SparkFixture.tinyClip();
        List<Row> train = new ArrayList<>(), test = new ArrayList<>();
        List<Path> testFiles = new ArrayList<>();
        for (DemoClass cls : List.of(DemoClass.DISC, DemoClass.GRID)) {
            for (Path f : SparkFixture.images(tmp.resolve("train"), cls, "train", 2, 0)) train.add(RowFactory.create(f.toString(), cls.dirName()));
            for (Path f : SparkFixture.images(tmp.resolve("test"), cls, "test", 1, 1)) {
                test.add(RowFactory.create(f.toString(), cls.dirName()));
                testFiles.add(f);
            }
        }
        StructType schema = new StructType().add("image", "string").add("cls", "string");
        Dataset<Row> normals = spark.createDataFrame(train, schema);
        FsacScoringModel model = new FsacEstimator(spec).setClassCol("cls").setConfig(SparkFixture.oneEpoch()).setSeed(4).fit(normals);
        assertEquals(java.util.Set.of("disc", "grid"), model.heads().keySet());

        List<Row> scored = model.transform(spark.createDataFrame(test, schema)).collectAsList();
        assertEquals(test.size(), scored.size());
        for (Row r : scored) {
            assertNull(r.getAs(FsacScoringModel.ERROR));
            String cls = r.getAs("cls");
            List<BufferedImage> normalsOfClass = new ArrayList<>();
            for (Row t : train) if (t.getString(1).equals(cls)) normalsOfClass.add(FeatureEncoder.read(Path.of(t.getString(0))));
            // same images, same seed, same JVM: the head trained directly is the same head, bit for bit
            FsacClassifier want = FsacClassifier.create(ExecutorModels.backbone(spec), cls, SparkFixture.oneEpoch()).fit(normalsOfClass, 4);
            assertEquals(want.score(FeatureEncoder.read(Path.of(r.<String>getAs("image")))), r.<Double>getAs(FsacScoringModel.SCORE), 1e-6,
                    "per-class head equals FsacClassifier.fit on that class's images (1e-6: batched vs single pass)");
        }
    }
}
