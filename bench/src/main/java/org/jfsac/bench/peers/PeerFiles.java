package org.jfsac.bench.peers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.Npy;
import org.jfsac.fsac.towers.ClipModel;
import org.jfsac.fsac.towers.ClipModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What bench/scripts/export_onnx.py wrote for one model in its output folder: the CLIP state dict (NAME.pt), the
 * ONNX image tower (NAME.onnx), a fixed input and open_clip's output for it (NAME.input.npy, NAME.embed.npy).
 */
public record PeerFiles(Path dir, String model) {
    /** The two models, in table order. */
    public static final String[] MODELS = {"ViT-B-16-plus-240", "ViT-B-16"};

    public PeerFiles {
        if (!Files.isRegularFile(dir.resolve(model + ".pt")))
            throw new IllegalArgumentException(dir.resolve(model + ".pt") + ": not found; run /usr/bin/python3 bench/scripts/export_onnx.py " + dir);
    }

    public Path checkpoint() { return dir.resolve(model + ".pt"); }

    public Path onnx() { return dir.resolve(model + ".onnx"); }

    public HostTensor input() throws IOException { return Npy.readFloat(dir.resolve(model + ".input.npy")); }

    public HostTensor openClipEmbedding() throws IOException { return Npy.readFloat(dir.resolve(model + ".embed.npy")); }

    /** jfsac's CLIP on the exported weights (built-in architecture of the same name), frozen. */
    public ClipModel loadJfsac(Backend backend) throws IOException {
        return ClipModels.load(backend, checkpoint(), model, null).model().freeze();
    }

    /** max |a - b| / max |b|: the tolerance measure quoted in the README (float32 rounding through 12 blocks). */
    public static double maxRelative(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths " + a.length + " vs " + b.length);
        double d = 0, m = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
            m = Math.max(m, Math.abs((double) b[i]));
        }
        return d / m;
    }
}
