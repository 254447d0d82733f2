package org.jfsac.bench.core;

import org.jfsac.bench.SideBySide;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.cpu.Parallel;
import org.jfsac.core.nn.Activation;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ResidualBlock;

import java.util.LinkedHashMap;
import java.util.Map;

/** One ViT-B-16-plus-240 block, forward and forward+backward, jfsac vs PyTorch on the same CPU threads. */
public final class BlockVsTorch {
    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Map<String, Double> java = new LinkedHashMap<>();
        for (int b : new int[]{1, 8}) {
            Rng rng = new Rng(7);
            ResidualBlock block = new ResidualBlock(Devices.cpu(), 896, 14, 3584, Activation.GELU, rng);
            Tensor x = rng.normal(Devices.cpu(), 0, 1, b, 226, 896), r = rng.normal(Devices.cpu(), 0, 1, b, 226, 896);
            java.put("block_forward_b" + b, SideBySide.medianMs(() -> {
                try (GradMode g = GradMode.noGrad()) { block.forward(x, false); }
            }, 3, reps));
            java.put("block_forward_backward_b" + b, SideBySide.medianMs(() -> {
                Tensor xi = x.detach().requiresGrad(true);
                block.forward(xi, false).mul(r).sum().backward();
                block.parameters().forEach(Tensor::zeroGrad);
            }, 3, reps));
        }
        Map<String, Double> torch = SideBySide.torch("block", "--threads", Integer.toString(Parallel.threads()), "--reps", Integer.toString(reps));
        SideBySide.table("ViT-B-16-plus-240 block (226 tokens x 896), " + Parallel.threads() + " threads, " + Devices.cpu().describe(), java, torch);
    }
}
