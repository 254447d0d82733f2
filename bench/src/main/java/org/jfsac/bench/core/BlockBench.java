package org.jfsac.bench.core;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ResidualBlock;
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

import java.util.concurrent.TimeUnit;

/** One ViT-B-16-plus-240 residual block (226 tokens × 896, 14 heads, MLP 3584), random weights. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class BlockBench {
    @Param({"1", "8"})
    public int batch;

    private ResidualBlock block;
    private Tensor x, r;

    @Setup public void setup() {
        Rng rng = new Rng(7);
        block = new ResidualBlock(Devices.cpu(), 896, 14, 3584, Activation.GELU, rng);
        x = rng.normal(Devices.cpu(), 0, 1, batch, 226, 896);
        r = rng.normal(Devices.cpu(), 0, 1, batch, 226, 896);
    }

    @Benchmark public Tensor forward() {
        try (GradMode g = GradMode.noGrad()) {
            return block.forward(x, false);
        }
    }

    @Benchmark public Tensor forwardBackward() {
        Tensor xi = x.detach().requiresGrad(true);
        block.forward(xi, false).mul(r).sum().backward();
        for (Tensor p : block.parameters()) p.zeroGrad();
        return xi.grad();
    }
}
