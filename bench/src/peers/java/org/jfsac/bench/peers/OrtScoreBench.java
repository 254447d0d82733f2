package org.jfsac.bench.peers;

import org.jfsac.core.tensor.Tensor;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * ONNX Runtime's counterpart of FsacApiBench.score: the same image, preprocessed by jfsac, encoded by ONNX Runtime
 * Java (same weights, same thread count), scored by the same head. ORT has no backward, so saliency has no counterpart.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class OrtScoreBench {
    @Param("/tmp/jfsac-peers") public String dir;
    @Param("ViT-B-16-plus-240") public String model;

    private ApiFixture api;
    private OrtTower ort;

    @Setup public void setup() throws Exception {
        api = new ApiFixture(Path.of(dir), model);
        ort = new OrtTower(new PeerFiles(Path.of(dir), model).onnx(), api.clip.imageSize(), org.jfsac.core.cpu.Parallel.threads());
    }

    @Benchmark public double score() throws Exception {
        float[] px = api.clip.preprocess(api.image).pixels();
        float[] e = ort.encode(px, 1)[0];
        return api.classifier.scoreFeatures(Tensor.of(api.clip.model.backend(), e, 1, e.length))[0];
    }

    @TearDown public void close() throws Exception { ort.close(); }
}
