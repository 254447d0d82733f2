package org.jfsac.bench.core;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The CPU backend's exp-heavy kernels (CpuVector) at the sizes of a ViT-B-16-plus-240 block at batch 8:
 * the MLP activation (8 × 226 × 3584) alone and with its gradient, exp, QuickGELU, and the attention rows' softmax
 * (8 × 14 × 226 rows of 226).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ExpKernelsBench {
    private Tensor mlp, grad, rows;

    @Setup public void setup() {
        Rng rng = new Rng(7);
        mlp = rng.normal(Devices.cpu(), 0, 2, 8, 226, 3584);
        grad = rng.normal(Devices.cpu(), 0, 1, 8, 226, 3584);
        rows = rng.normal(Devices.cpu(), 0, 3, 8 * 14 * 226, 226);
    }

    @Benchmark public Tensor gelu() {
        try (GradMode g = GradMode.noGrad()) { return mlp.gelu(); }
    }

    /** GELU forward, then its backward (the fused GELU_GRAD kernel) through a multiply and a sum. */
    @Benchmark public Tensor geluForwardBackward() {
        Tensor x = mlp.detach().requiresGrad(true);
        x.gelu().mul(grad).sum().backward();
        return x.grad();
    }

    @Benchmark public Tensor quickGelu() {
        try (GradMode g = GradMode.noGrad()) { return mlp.quickGelu(); }
    }

    @Benchmark public Tensor exp() {
        try (GradMode g = GradMode.noGrad()) { return mlp.exp(); }
    }

    @Benchmark public Tensor softmax() {
        try (GradMode g = GradMode.noGrad()) { return rows.softmax(1); }
    }
}
