package org.jfsac.fsac.report;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Image plumbing for the HTML report: RGB conversion, thumbnails and PNG data URIs. */
final class Images {

    private Images() {
    }

    /**
     * An RGB copy. Grey images are read from the raster: {@code getRGB} would pass them through Java's linear-grey
     * colour space and brighten the stored levels. 16-bit samples keep their high byte.
     */
    static BufferedImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Raster raster = img.getRaster();
        boolean grey = !(img.getColorModel() instanceof IndexColorModel) && raster.getNumBands() <= 2;
        int shift = raster.getSampleModel().getSampleSize(0) > 8 ? 8 : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb;
                if (grey) {
                    int v = Math.min(255, raster.getSample(x, y, 0) >> shift);
                    rgb = (v << 16) | (v << 8) | v;
                } else {
                    rgb = img.getRGB(x, y) & 0xffffff;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /**
     * An RGB copy whose longer side is at most {@code maxSide}, downscaled by area averaging (no aliasing);
     * smaller images keep their size.
     */
    static BufferedImage fit(BufferedImage img, int maxSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (Math.max(w, h) <= maxSide) {
            return toRgb(img);
        }
        double scale = (double) maxSide / Math.max(w, h);
        return resize(img, Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale)));
    }

    /** An RGB copy of {@code img} at {@code width × height}, area-averaged (no aliasing when shrinking). */
    static BufferedImage resize(BufferedImage img, int width, int height) {
        BufferedImage rgb = toRgb(img);
        if (rgb.getWidth() == width && rgb.getHeight() == height) {
            return rgb;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(rgb.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@code data:image/png;base64,...} of {@code img}. */
    static String pngDataUri(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for image type " + img.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
