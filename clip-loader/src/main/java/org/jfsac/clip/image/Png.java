package org.jfsac.clip.image;

import org.jfsac.core.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Writing PNG files, the one place images leave the program as files. */
public final class Png {
    private Png() {}

    /**
     * Writes {@code image} as PNG atomically (temp file, then rename): a crash or a full disk never leaves a torn or
     * empty file.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        try {
            AtomicFiles.writeStream(file, out -> {
                if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer for image type " + image.getType());
            });
        } catch (IOException e) {
            throw new IOException("cannot write PNG " + file + ": " + e.getMessage(), e);
        }
    }
}
