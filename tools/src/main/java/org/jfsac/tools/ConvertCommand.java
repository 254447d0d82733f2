package org.jfsac.tools;

import org.jfsac.clip.checkpoint.CheckpointReader;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.io.ElementType;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.SafeTensors;
import org.jfsac.fsac.towers.ClipModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * PyTorch checkpoint → safetensors with the model config in the metadata. Holds one float32 copy of the
 * weights (tensors stream out one at a time) and writes atomically (temp file, then rename).
 */
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
        // Shapes first (cheap), so the read can show progress tensor by tensor in the file's order.
        LinkedHashMap<String, int[]> shapes = CheckpointReader.shapes(in);
        LinkedHashMap<String, HostTensor> sd = new LinkedHashMap<>();
        shapes.keySet().forEach(k -> sd.put(k, null));
        try (var bar = new ConsoleProgress().start("read " + in.getFileName(), shapes.size())) {
            CheckpointReader.stream(in, (name, t) -> {
                sd.put(name, t);
                bar.step();
            });
        }
        ClipConfig cfg = config != null ? ClipConfig.read(config) : model != null ? ClipConfig.builtin(model)
                : ClipConfig.infer(sd, in.getFileName().toString()).config();
        cfg.validate(sd);
        System.err.printf("read %d tensors in %.1f s; writing %s...%n", sd.size(), (System.nanoTime() - t0) / 1e9, out);
        Map<String, String> md = new LinkedHashMap<>();
        md.put("format", "pt");
        md.put(ClipModels.CONFIG_METADATA_KEY, cfg.toJson());
        md.put("jfsac.source", in.getFileName().toString());
        SafeTensors.write(out, sd, md, half ? ElementType.FLOAT16 : ElementType.FLOAT32);
        System.err.printf("wrote %s (%.0f MB) in %.1f s%n", out, Files.size(out) / 1e6, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
