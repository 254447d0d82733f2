package org.jfsac.fsac.method;

import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.clip.image.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The features of every training step's synthetic anomalies, made ahead of the steps that use them. The
 * whole run's schedule (which normal image each step pairs with, epoch after epoch) is known before
 * training, and synthesis does not depend on the head, so anomalies are synthesised in schedule order from
 * their own random stream and encoded {@code chunk} images per encoder call instead of one step's b images.
 *
 * <p>The synthesis stream is consumed in the same order whatever the chunk, so the synthetic images do not
 * depend on it. Memory: at most {@code chunk} decoded synthetic images (w·h·3 bytes each) plus {@code chunk}
 * feature rows are held at once; a run stopped early wastes at most one chunk of encoding.
 */
final class AnomalyFeatureQueue {
    private final List<RgbImage> normals;
    private final int[] schedule;
    private final Synthesizer synthesizer;
    private final Trainer.Encoder encoder;
    private final SplittableRandom synthesisRng;
    private final int chunk;
    private int scheduled; // schedule entries synthesised so far
    private Tensor buffer;
    private int used;      // rows of buffer handed out

    /**
     * @param schedule     index into normals of every synthetic anomaly, in the order the steps take them
     * @param synthesisRng the synthesis stream, used here only
     * @param chunk        images synthesised and encoded together (≥ 1)
     */
    AnomalyFeatureQueue(List<RgbImage> normals, int[] schedule, Synthesizer synthesizer, Trainer.Encoder encoder,
                        SplittableRandom synthesisRng, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("encode chunk must be at least 1, got " + chunk);
        this.normals = normals;
        this.schedule = schedule;
        this.synthesizer = synthesizer;
        this.encoder = encoder;
        this.synthesisRng = synthesisRng;
        this.chunk = chunk;
    }

    /** The raw features [n, C] of the next n scheduled synthetic anomalies. */
    Tensor next(int n) {
        List<Tensor> parts = new ArrayList<>(1);
        while (n > 0) {
            if (buffer == null || used == buffer.size(0)) refill();
            int take = Math.min(n, buffer.size(0) - used);
            parts.add(buffer.narrow(0, used, take));
            used += take;
            n -= take;
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(0, parts);
    }

    private void refill() {
        int len = Math.min(chunk, schedule.length - scheduled);
        if (len <= 0) throw new IllegalStateException("the training schedule has no more synthetic anomalies");
        List<RgbImage> synth = new ArrayList<>(len);
        for (int i = 0; i < len; i++) synth.add(synthesizer.synthesize(normals.get(schedule[scheduled + i]), synthesisRng));
        scheduled += len;
        buffer = null; // let the previous chunk go before encoding the next
        try (GradMode g = GradMode.noGrad()) {
            buffer = encoder.apply(synth);
        }
        used = 0;
    }
}
