package org.jfsac.bench.fsac;

import org.jfsac.bench.peers.ApiFixture;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-image latency of the public API (issue 14, goal 5): {@link FsacClassifier#score} and {@link FsacClassifier#saliency}
 * on one 512×512 image, CPU, weights from bench/scripts/export_onnx.py ({@code -p dir=...}); {@code head} is the head
 * alone on a feature row (what score adds to the encoder). ONNX Runtime's counterpart: OrtScoreBench (-Ppeers).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class FsacApiBench {
    @Param("/tmp/jfsac-peers") public String dir;
    @Param("ViT-B-16-plus-240") public String model;

    private ApiFixture api;
    private Tensor feature;

    @Setup public void setup() throws Exception {
        api = new ApiFixture(Path.of(dir), model);
        feature = api.clip.encodeImages(List.of(api.image));
    }

    @Benchmark public double score() { return api.classifier.score(api.image); }

    @Benchmark public FsacClassifier.Saliency saliency() { return api.classifier.saliency(api.image); }

    @Benchmark public double[] head() { return api.classifier.scoreFeatures(feature); }
}
