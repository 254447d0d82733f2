package org.jfsac.bench.peers;

import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.method.FsacConfig;
import org.jfsac.fsac.method.FsacHead;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.towers.ClipBackbones;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The public API as a service uses it, for the per-image latency benches (issue 14, goal 5): the backbone loaded from
 * export_onnx.py's checkpoint on the CPU, a classifier with the MVTec preset whose head is freshly initialised and
 * whose text prototypes are random (fitting or 231 prompts would only cost set-up time: score and saliency do the
 * same work whatever the weights), and one 512×512 RGB image of noise (the size of the report's test images).
 */
public final class ApiFixture {
    public final ClipBackbone clip;
    public final FsacClassifier classifier;
    public final BufferedImage image;

    public ApiFixture(Path dir, String model) throws IOException {
        PeerFiles f = new PeerFiles(dir, model);
        clip = ClipBackbones.loader().device("cpu").model(model).load(f.checkpoint());
        Tensor prototypes = new Rng(4).normal(clip.model.backend(), 0, 1, 2, clip.embedDim());
        classifier = FsacClassifier.create(clip, "metal_nut", FsacConfig.preset("mvtec"), prototypes)
                .withHead(new FsacHead(clip.model.backend(), clip.embedDim(), new Rng(5)));
        image = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        SplittableRandom r = new SplittableRandom(6);
        for (int y = 0; y < 512; y++) for (int x = 0; x < 512; x++) image.setRGB(x, y, r.nextInt(1 << 24));
    }
}
