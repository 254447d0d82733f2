package org.jfsac.bench.clip;

import org.jfsac.bench.cuda.ImageEncoderFactory;
import org.jfsac.clip.config.ClipConfig;
import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.backend.View;
import org.jfsac.core.random.Rng;
import org.jfsac.core.tensor.GradMode;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipModel;

import java.util.Map;

/** Our CLIP image towers for the GPU benchmark (random weights drawn on the host, then moved to the device). */
public abstract class ClipImageEncoders implements ImageEncoderFactory {
    private final String model;

    protected ClipImageEncoders(String model) { this.model = model; }

    @Override public String name() { return model; }

    @Override public int imageSize() { return ClipConfig.builtin(model).vision().imageSize(); }

    @Override public ImageEncoder create(Backend backend, long seed) {
        ClipConfig cfg = ClipConfig.builtin(model);
        ClipModel host = new ClipModel(Devices.cpu(), cfg, new Rng(seed));
        ClipModel dev = backend == Devices.cpu() ? host : new ClipModel(backend, cfg, Rng.zeros());
        if (dev != host) {
            Map<String, Tensor> w = host.namedParameters();
            dev.namedParameters().forEach((k, t) -> t.assign(w.get(k)));
        }
        dev.freeze();
        int s = cfg.vision().imageSize();
        return (images, batch) -> {
            try (GradMode g = GradMode.noGrad()) {
                Tensor x = Tensor.wrap(images, batch, 3, s, s);
                Tensor f = dev.encodeImage(x);
                Buffer out = backend.allocate(f.numel());
                backend.copy(f.view(), View.contiguous(out, f.shape()));
                return out;
            }
        };
    }

    public static final class VitB16Plus240 extends ClipImageEncoders {
        public VitB16Plus240() { super("ViT-B-16-plus-240"); }
    }

    public static final class VitB16 extends ClipImageEncoders {
        public VitB16() { super("ViT-B-16"); }
    }
}
