package org.jfsac.bench.fsac;

import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModel;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-image cost of encoding synthetic anomalies (512 px) with ViT-B-16-plus-240 (random weights), one image
 * per call (the former per-step path at k = 1) against n per call (anomalies made ahead), alternating rounds; the fastest round counts (least disturbed on a shared machine).
 * The input of {@code ProtocolCostBench}'s extrapolation when a whole real-size class is too slow to time.
 * Usage: SyntheticEncodeCost [n=8] [rounds=1]
 */
public final class SyntheticEncodeCost {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ClipModel m = new ClipModel(Devices.cpu(), ClipConfig.builtin("ViT-B-16-plus-240"), new Rng(1));
        ClipBackbone clip = new ClipBackbone(m, ClipTokenizer.bytesOnly(), ResizeMode.SQUASH, "bench", n);
        List<BufferedImage> imgs = new ArrayList<>();
        for (int i = 0; i < n; i++) imgs.add(DemoDataset.normal(DemoClass.GRID, 512, 3, "train", i).toBufferedImage());
        clip.encodeImages(imgs.subList(0, 1)); // warm-up
        double[] one = new double[rounds], many = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (BufferedImage im : imgs) clip.encodeImages(List.of(im));
            one[r] = (System.nanoTime() - t0) / 1e6 / n;
            t0 = System.nanoTime();
            clip.encodeImages(imgs);
            many[r] = (System.nanoTime() - t0) / 1e6 / n;
        }
        double o = java.util.Arrays.stream(one).min().orElseThrow(), b = java.util.Arrays.stream(many).min().orElseThrow();
        System.out.printf("ViT-B-16-plus-240 per image: batch 1 %.0f ms, batch %d %.0f ms, ratio %.2fx (%s)%n", o, n, b, o / b, Devices.cpu().describe());
    }
}
