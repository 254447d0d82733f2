package org.jfsac.tools;

import org.jfsac.clip.image.ImagePreprocessor;
import org.jfsac.clip.image.PreprocessedImage;
import org.jfsac.core.tensor.Tensor;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.towers.ClipBackbone;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Scores images with a head, a batch at a time: the batch's files are decoded and preprocessed in parallel, each on
 * its own (a bad file becomes that image's error, the rest is scored), then each image is encoded and scored alone.
 * Encoding a batch in one forward pass would be faster on a GPU, but its matrix products round differently from a
 * single image's (scores moved by about 2e-7 in float32 on the CPU), and an inspection line wants a part's score
 * not to depend on which parts came with it. The head's own scoring protocol is not used for the same reason.
 */
final class BatchScorer {
    /** An image's score, or why it has none. */
    record Scored(ImageInputs.Input input, double score, String error) {
        boolean ok() { return error == null; }
    }

    private final ClipBackbone clip;
    private final FsacClassifier classifier;

    BatchScorer(ClipBackbone clip, FsacClassifier classifier) {
        this.clip = clip;
        this.classifier = classifier;
    }

    List<Scored> score(List<ImageInputs.Input> batch) {
        PreprocessedImage[] pre = new PreprocessedImage[batch.size()];
        String[] errors = new String[batch.size()];
        IntStream.range(0, batch.size()).parallel().forEach(i -> {
            try {
                pre[i] = ImagePreprocessor.preprocess(batch.get(i).file(), clip.imageSize(), clip.resize);
            } catch (Exception e) { // the image's own fault (unreadable, truncated, not an image): its error line
                errors[i] = errorText(batch.get(i), e);
            }
        });
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (errors[i] != null) {
                out.add(new Scored(batch.get(i), Double.NaN, errors[i]));
            } else {
                Tensor feats = clip.encodePreprocessed(List.of(pre[i]));
                out.add(new Scored(batch.get(i), classifier.scoreFeatures(feats)[0], null));
            }
        }
        return out;
    }

    /** One line naming the problem (the file name is in the record already, so it is not repeated). */
    static String errorText(ImageInputs.Input in, Exception e) {
        String m = Main.message(e);
        String f = in.file().toString();
        if (m.startsWith(f + ": ")) m = m.substring(f.length() + 2);
        if (e instanceof java.nio.file.NoSuchFileException) m = "no such file";
        return m;
    }
}
