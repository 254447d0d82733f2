package org.jfsac.bench.core;

import dev.ludovic.netlib.blas.BLAS;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * GEMM at the ViT-B-16-plus-240 shapes through the tensor core vs. a direct BLAS.sgemm on the same
 * arrays: the core's overhead (views, output allocation, dispatch) is the difference.
 * Shapes "b×m×k×n": b batches of [m,k] @ [k,n].
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBench {
    @Param({"1x226x896x2688", "1x226x896x3584", "14x226x64x226"})
    public String shape;

    private int b, m, k, n;
    private Tensor a, w;
    private float[] af, wf, cf;
    private final BLAS blas = BLAS.getInstance();

    @Setup public void setup() {
        String[] p = shape.split("x");
        b = Integer.parseInt(p[0]); m = Integer.parseInt(p[1]); k = Integer.parseInt(p[2]); n = Integer.parseInt(p[3]);
        Rng rng = new Rng(1);
        af = rng.uniformArray(b * m * k, -1, 1);
        wf = rng.uniformArray(b * k * n, -1, 1);
        cf = new float[b * m * n];
        a = Tensor.of(Devices.cpu(), af, b, m, k);
        w = Tensor.of(Devices.cpu(), wf, b, k, n);
    }

    @Benchmark public Tensor core() {
        try (GradMode g = GradMode.noGrad()) {
            return a.matmul(w);
        }
    }

    @Benchmark public float[] directBlas() {
        for (int p = 0; p < b; p++)
            blas.sgemm("N", "N", n, m, k, 1f, wf, p * k * n, n, af, p * m * k, k, 0f, cf, p * m * n, n);
        return cf;
    }
}
