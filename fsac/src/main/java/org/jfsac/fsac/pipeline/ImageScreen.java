package org.jfsac.fsac.pipeline;

import org.jfsac.clip.image.ImageFile;
import org.jfsac.core.errors.ErrorLine;
import org.jfsac.core.limits.Limit;
import org.jfsac.fsac.data.ClassSplit;
import org.jfsac.fsac.data.Sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every image and mask of a class before anything is trained, so that a corrupt, truncated, oversized or
 * unreadable file stops a run by name before its first result, or, when bad images are to be skipped, leaves
 * exactly those samples out. A file that decoded before (same path, size, modification time and image limits) is
 * remembered in the feature cache and not decoded again.
 */
final class ImageScreen {
    private ImageScreen() {}

    /**
     * A sample left out of a class, and why.
     *
     * @param file   the image, or its mask when the mask is the bad file
     * @param reason why it cannot be used, without the file name
     */
    record BadImage(String className, Path file, String reason) {
        /** One line: the file and the reason. */
        String line() {
            return file + ": " + reason;
        }
    }

    /** The split without its bad samples, and those samples. */
    record Screened(ClassSplit split, List<BadImage> bad) {}

    static Screened screen(ClassSplit split, FeatureCache cache, Progress progress) throws IOException {
        List<Sample> train = new ArrayList<>(), test = new ArrayList<>();
        List<BadImage> bad = new ArrayList<>();
        try (Progress.Task t = progress.start(split.className() + ": check images", split.train().size() + split.test().size())) {
            for (List<Sample> from : List.of(split.train(), split.test())) {
                for (Sample s : from) {
                    BadImage b = check(split.className(), s.image(), cache);
                    if (b == null && s.mask() != null && Files.exists(s.mask())) b = check(split.className(), s.mask(), cache);
                    if (b != null) bad.add(b);
                    else (from == split.train() ? train : test).add(s);
                    t.step();
                }
            }
        }
        return new Screened(new ClassSplit(split.className(), train, test, split.warnings()), List.copyOf(bad));
    }

    private static BadImage check(String cls, Path file, FeatureCache cache) {
        try {
            String key = FeatureCache.imageKey("image-check-v1", Limit.IMAGE_PIXELS.value() + "/" + Limit.IMAGE_CHUNK_BYTES.value(), file);
            if (cache.get(key) != null) return null;
            ImageFile.check(file);
            cache.put(key, new float[0]);
            return null;
        } catch (IOException | RuntimeException e) {
            String reason = ErrorLine.format(e);
            String prefix = file + ": ";
            return new BadImage(cls, file, reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        }
    }
}
