package org.jfsac.spark;

import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.pipeline.FeatureEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spark-submit entry point scores a folder with a saved head into CSV part files. */
class SparkMainTest {
    @TempDir Path tmp;

    @Test
    void scoreCommandWritesOneRowPerImage() throws Exception {
        SparkFixture.session(); // the command joins the running local session (as under spark-submit)
        BackboneSpec spec = SparkFixture.tinyClip();
        List<Path> train = SparkFixture.images(tmp.resolve("train"), DemoClass.GRID, "train", 1, 0);
        FsacClassifier c = FsacClassifier.create(ExecutorModels.backbone(spec), "grid", SparkFixture.oneEpoch())
                .fit(List.of(FeatureEncoder.read(train.get(0))), 2);
        c.save(tmp.resolve("grid.safetensors"));
        SparkFixture.images(tmp.resolve("imgs"), DemoClass.GRID, "test", 2, 1);
        int rc = new CommandLine(new SparkMain()).execute("score", "--checkpoint", spec.checkpoint(), "--head", tmp.resolve("grid.safetensors").toString(),
                "--images", tmp.resolve("imgs").toString(), "--threshold", "0.5", "--out", tmp.resolve("out").toString());
        assertEquals(0, rc);
        List<String> lines;
        try (Stream<Path> parts = Files.list(tmp.resolve("out"))) {
            lines = parts.filter(p -> p.getFileName().toString().endsWith(".csv")).flatMap(p -> {
                try { return Files.readAllLines(p).stream().skip(1); } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
            }).toList();
        }
        assertEquals(3, lines.size(), "three images, one row each: " + lines);
        for (String l : lines) {
            String[] f = l.split(",", -1);
            assertEquals(Boolean.toString(Double.parseDouble(f[1]) >= 0.5), f[2], l);
            assertTrue(f[3].isEmpty() || f[3].equals("\"\""), "no error: " + l);
        }
    }
}
