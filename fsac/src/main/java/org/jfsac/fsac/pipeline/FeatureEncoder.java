package org.jfsac.fsac.pipeline;

import org.jfsac.clip.image.ImageFile;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.towers.ClipBackbone;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Encodes image files through the frozen image tower, each file at most once per weights and preprocessing. */
public final class FeatureEncoder {
    private final ClipBackbone clip;
    private final FeatureCache cache;
    private final String prep;

    public FeatureEncoder(ClipBackbone clip, FeatureCache cache) {
        this.clip = clip;
        this.cache = cache;
        // "-rgbfirst": SQUASH converts to RGB before resizing since the authors' protocol work; older caches differ
        this.prep = clip.resize + (clip.resize == org.jfsac.clip.image.ResizeMode.SQUASH ? "-rgbfirst" : "") + "-" + clip.imageSize();
    }

    /** The image, refused as preprocessing refuses it ({@link ImageFile}): one line naming the file and the reason. */
    public static BufferedImage read(Path file) throws IOException {
        return ImageFile.read(file);
    }

    /** Raw features [N, C] of the files, in order. */
    public Tensor encode(List<Path> files, Progress progress, String label) throws IOException {
        int c = clip.embedDim();
        float[][] rows = new float[files.size()][];
        List<Integer> missing = new ArrayList<>();
        String[] keys = new String[files.size()];
        for (int i = 0; i < files.size(); i++) {
            keys[i] = FeatureCache.imageKey(clip.weightsId, prep, files.get(i));
            rows[i] = cache.get(keys[i]);
            if (rows[i] == null || rows[i].length != c) missing.add(i);
        }
        if (!missing.isEmpty()) {
            try (Progress.Task t = progress.start(label, missing.size())) {
                int batch = 8;
                for (int s = 0; s < missing.size(); s += batch) {
                    List<Integer> idx = missing.subList(s, Math.min(missing.size(), s + batch));
                    List<Path> chunk = new ArrayList<>();
                    for (int i : idx) chunk.add(files.get(i));
                    float[] f = clip.encodeFiles(chunk).toArray();
                    for (int j = 0; j < idx.size(); j++) {
                        int i = idx.get(j);
                        rows[i] = java.util.Arrays.copyOfRange(f, j * c, (j + 1) * c);
                        cache.put(keys[i], rows[i]);
                    }
                    t.step(idx.size());
                }
            }
        }
        float[] all = new float[files.size() * c];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, all, i * c, c);
        return Tensor.of(clip.model.backend(), all, files.size(), c);
    }
}
