package org.jfsac.spark;

import org.apache.spark.sql.SparkSession;
import org.jfsac.clip.image.ImageFile;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.towers.ClipBackbone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One local[2] session and the tiny OpenCLIP fixture checkpoint, shared by the Spark tests. */
final class SparkFixture {
    private SparkFixture() {}

    static SparkSession session() {
        return SparkSession.builder().master(System.getProperty("spark.test.master", "local[2]")).appName("jfsac-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** testdata/openclip/tiny-gelu: a real OpenCLIP checkpoint, small enough for CI. */
    static BackboneSpec tinyClip() {
        Path root = Path.of(System.getProperty("jfsac.testdata", "../testdata"));
        return BackboneSpec.checkpoint(root.resolve("openclip/tiny-gelu/model.safetensors").toAbsolutePath().toString(), null, "squash");
    }

    static FsacConfig oneEpoch() {
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = 1;
        return cfg;
    }

    /** A disc head fitted for one epoch on two normal demo images written under dir. */
    static FsacClassifier fittedDisc(Path dir) throws Exception {
        ClipBackbone clip = ExecutorModels.backbone(tinyClip());
        List<Path> train = images(dir, DemoClass.DISC, "train", 2, 0);
        return FsacClassifier.create(clip, "disc", oneEpoch()).fit(List.of(ImageFile.read(train.get(0)), ImageFile.read(train.get(1))), 11);
    }

    /** Writes normal and defective demo images of a class as RGB PNGs; returns the files. */
    static List<Path> images(Path dir, DemoClass cls, String split, int normals, int defective) throws Exception {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < normals; i++) {
            Path f = dir.resolve(cls.dirName() + "_" + split + "_good_" + i + ".png");
            DemoDataset.normal(cls, 48, 5, split, i).writePng(f);
            out.add(f);
        }
        for (int i = 0; i < defective; i++) {
            Path f = dir.resolve(cls.dirName() + "_bad_" + i + ".png");
            DemoDataset.defective(cls, cls.defects().get(0), 48, 5, i).image().writePng(f);
            out.add(f);
        }
        return out;
    }
}
