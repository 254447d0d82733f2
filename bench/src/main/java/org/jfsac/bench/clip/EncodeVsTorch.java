package org.jfsac.bench.clip;

import org.jfsac.bench.SideBySide;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.cpu.Parallel;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image-tower latency (random weights) of jfsac vs the same architecture in plain PyTorch, same machine,
 * same thread count. Usage: EncodeVsTorch [reps] [device]. Cases are "encode_image_MODEL_bB" in ms per batch.
 */
public final class EncodeVsTorch {
    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Backend be = args.length > 1 ? Devices.select(args[1]) : Devices.cpu();
        Map<String, Double> java = new LinkedHashMap<>();
        Map<String, Double> torch = new LinkedHashMap<>();
        for (String name : List.of("ViT-B-16-plus-240", "ViT-B-16")) {
            ClipConfig cfg = ClipConfig.builtin(name);
            ClipModel m = new ClipModel(be, cfg, new Rng(1)).freeze();
            int s = cfg.vision().imageSize();
            for (int b : new int[]{1, 8}) {
                Tensor x = new Rng(2).normal(be, 0, 1, b, 3, s, s);
                java.put("encode_image_" + name + "_b" + b, SideBySide.medianMs(() -> {
                    try (GradMode g = GradMode.noGrad()) { m.encodeImage(x).toArray(); }
                }, 2, reps));
            }
            torch.putAll(SideBySide.torch("vit", "--model", name, "--batches", "1,8", "--threads", Integer.toString(Parallel.threads()),
                    "--reps", Integer.toString(reps)));
        }
        SideBySide.table("CLIP image tower, random weights, " + be.name() + " (" + be.describe() + "); ms per batch", java, torch);
    }
}
