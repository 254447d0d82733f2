package org.jfsac.bench.fsac;

import org.jfsac.bench.Medians;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.clip.image.ResizeMode;
import org.jfsac.clip.tokenizer.ClipTokenizer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipModel;
import org.jfsac.fsac.demo.DemoClass;
import org.jfsac.fsac.demo.DemoDataset;
import org.jfsac.fsac.demo.DemoModel;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.method.Synthesizer;
import org.jfsac.fsac.method.Trainer;
import org.jfsac.clip.image.RgbImage;

import java.util.ArrayList;
import java.util.List;

/**
 * The training part of the protocol for one class (k = 1, 5 seeds), old path against new in the same run,
 * rounds alternating: the former one-anomaly-per-encoder-call ({@code Trainer} with encode chunk 1, which for
 * k = 1 is exactly the former per-step encoding) against anomalies made ahead and encoded in chunks.
 * Then the whole MVTec protocol's training-side cost on this machine, extrapolated from the per-encoding and
 * per-step costs measured here.
 * Usage: ProtocolCostBench [model=demo|vit] [epochs=100] [rounds=2] [chunk=32]
 */
public final class ProtocolCostBench {
    public static void main(String[] args) {
        boolean vit = args.length > 0 && args[0].equals("vit");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int chunk = args.length > 3 ? Integer.parseInt(args[3]) : Trainer.DEFAULT_ENCODE_CHUNK;
        int px = vit ? 512 : 64, seeds = 5;
        ClipBackbone clip = vit
                ? new ClipBackbone(new ClipModel(Devices.cpu(), ClipConfig.builtin("ViT-B-16-plus-240"), new Rng(1)), ClipTokenizer.bytesOnly(), ResizeMode.SQUASH, "bench", 16)
                : DemoModel.backbone(Devices.cpu(), px, 1);
        Trainer.Encoder enc = images -> clip.encodeImages(images.stream().map(RgbImage::toBufferedImage).toList());
        FsacConfig cfg = FsacConfig.preset("mvtec");
        cfg.epochs = epochs;
        List<RgbImage> shot = List.of(DemoDataset.normal(DemoClass.GRID, px, 3, "train", 0));
        Tensor shotFeat = enc.apply(shot);
        Tensor protos = new Rng(2).normal(Devices.cpu(), 0, 1, 2, clip.embedDim());
        Synthesizer synth = Synthesizer.from(cfg, "grid");

        double[] old = new double[rounds], neu = new double[rounds];
        List<Double> lossOld = null, lossNew = null;
        for (int r = -1; r < rounds; r++) { // round -1 warms the JIT up and is not counted
            for (int which = 0; which < 2; which++) {
                long t0 = System.nanoTime();
                List<Double> last = null;
                for (int seed = 0; seed < (r < 0 ? 1 : seeds); seed++) {
                    FsacHead h = new FsacHead(Devices.cpu(), clip.embedDim(), new Rng(seed));
                    last = new Trainer(cfg, enc, synth, which == 0 ? 1 : chunk).train(h, protos, shot, shotFeat, seed, null);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (r < 0) continue;
                if (which == 0) { old[r] = s; lossOld = last; } else { neu[r] = s; lossNew = last; }
            }
        }
        double o = Medians.of(old), n = Medians.of(neu);
        int images = seeds * epochs;
        System.out.printf("%n%s, k = 1, %d seeds x %d epochs (%d synthetic anomalies), %d rounds alternating, CPU: %s%n",
                vit ? "ViT-B-16-plus-240 (random weights, 512 px images)" : "demo model (" + px + " px)", seeds, epochs, images, rounds, Devices.cpu().describe());
        System.out.printf("| path | s per class (training) | ms per anomaly |%n|---|---:|---:|%n");
        System.out.printf("| old: one anomaly per encoder call | %.2f | %.1f |%n", o, 1e3 * o / images);
        System.out.printf("| new: made ahead, %d per encoder call | %.2f | %.1f |%n", chunk, n, 1e3 * n / images);
        System.out.printf("speed-up old/new: %.2fx; last seed's losses %s%n", o / n,
                lossOld.equals(lossNew) ? "bit-identical" : "differ in the last bits (batched GEMM; see README)");
        // Whole MVTec protocol (15 classes, k in {1, 2, 4}, 5 seeds, 100 epochs): 15*5*100*(1+2+4) anomalies.
        long protocolAnomalies = 15L * 5 * 100 * (1 + 2 + 4);
        System.out.printf("Extrapolated MVTec training cost (%d anomalies, per-anomaly cost as measured here, k = 1's step cost): old %.1f h, new %.1f h%n",
                protocolAnomalies, protocolAnomalies * o / images / 3600, protocolAnomalies * n / images / 3600);
    }
}
