package org.jfsac.tools;

import org.jfsac.clip.checkpoint.SafeTensorsConversion;
import org.jfsac.clip.config.ClipConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** PyTorch checkpoint → safetensors with the model config in the metadata ({@link SafeTensorsConversion} does it). */
@Command(name = "convert", mixinStandardHelpOptions = true, description = "Convert an OpenCLIP checkpoint to safetensors (config embedded).")
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "IN", description = "OpenCLIP checkpoint to convert (.pt zip)") Path in;
    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "the safetensors file to write (must differ from the input)") Path out;
    @Option(names = "--model", paramLabel = "NAME", description = "built-in architecture (default: inferred from the tensor shapes)") String model;
    @Option(names = "--model-config", paramLabel = "FILE", description = "OpenCLIP model config JSON") Path config;
    @Option(names = "--half", description = "store float16 instead of float32") boolean half;

    @Override public Integer call() throws Exception {
        if (Files.exists(out) && Files.isSameFile(in, out)) throw new IllegalArgumentException("--out must differ from --checkpoint");
        long t0 = System.nanoTime();
        System.err.printf("reading %s (%.0f MB)...%n", in, Files.size(in) / 1e6);
        ClipConfig cfg = config != null ? ClipConfig.read(config) : model != null ? ClipConfig.builtin(model) : null;
        SafeTensorsConversion.Result r;
        try (ProgressBar bar = new ProgressBar()) {
            r = SafeTensorsConversion.convert(in, out, cfg, half, bar);
        }
        System.err.printf("wrote %s (%d tensors, %.0f MB) in %.1f s%n", out, r.tensors(), Files.size(out) / 1e6, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** The read's progress, tensor by tensor in the file's order. */
    private final class ProgressBar implements SafeTensorsConversion.Listener, AutoCloseable {
        private org.jfsac.fsac.pipeline.Progress.Task bar;

        @Override public void reading(int tensors) { bar = new ConsoleProgress().start("read " + in.getFileName(), tensors); }

        @Override public void read(String name) { bar.step(); }

        @Override public void close() { if (bar != null) bar.close(); }
    }
}
