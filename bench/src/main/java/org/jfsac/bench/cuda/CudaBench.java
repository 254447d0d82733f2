package org.jfsac.bench.cuda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jfsac.core.backend.BackendException;
import org.jfsac.gpu.cuda.CudaBackend;
import org.jfsac.gpu.cuda.CudaOptions;

/**
 * The CUDA benchmarks of tools/gpu-check.sh: kernel bandwidth against a device-to-device copy, GEMM
 * rates, and image-tower latency/throughput in float32 and float16 for every {@link ImageEncoderFactory}
 * (ServiceLoader, or {@code --factory class.Name}). Rows go to stdout and, with {@code --out FILE}, to a
 * TSV file.
 *
 * <p>usage: {@code CudaBench [--out FILE] [--factory CLASS]... [--no-bandwidth] [--no-gemm] [--no-models]}
 */
public final class CudaBench {
    private CudaBench() {}

    public static void main(String[] args) throws Exception {
        Path out = null;
        List<ImageEncoderFactory> factories = new ArrayList<>();
        boolean bandwidth = true, gemm = true, models = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--factory" -> factories.add((ImageEncoderFactory) Class.forName(args[++i]).getDeclaredConstructor().newInstance());
                case "--no-bandwidth" -> bandwidth = false;
                case "--no-gemm" -> gemm = false;
                case "--no-models" -> models = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: CudaBench [--out FILE] [--factory CLASS]... [--no-bandwidth] [--no-gemm] [--no-models]");
            }
        }
        if (factories.isEmpty()) ServiceLoader.load(ImageEncoderFactory.class).forEach(factories::add);

        BenchTable table = new BenchTable(System.out);
        CudaBackend fp32, fp16;
        try {
            fp32 = CudaBackend.open(0, CudaOptions.fromSystemProperties().withHalf(false));
            fp16 = CudaBackend.open(0, CudaOptions.fromSystemProperties().withHalf(true));
        } catch (BackendException e) {
            System.err.println("CudaBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.err.println("CudaBench: " + fp32.name() + " " + fp32.describe());
        System.err.println("CudaBench: float16 option: GEMM " + fp16.gemmProvider());
        try {
            if (bandwidth) KernelBandwidth.run(fp32, table);
            if (gemm) {
                GemmThroughput.run(fp32, "fp32", table);
                GemmThroughput.run(fp16, "fp16", table);
            }
            if (models) {
                if (factories.isEmpty()) {
                    System.err.println("CudaBench: no ImageEncoderFactory on the class path: model benchmarks skipped");
                }
                for (ImageEncoderFactory f : factories) EncoderBench.run(f, fp32, fp16, table);
            }
        } finally {
            if (out != null) table.write(out);
        }
    }
}
