package org.jfsac.clip.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

import org.w3c.dom.Node;

/**
 * Decodes images with ImageIO into the mode and 8-bit values Pillow 9.4 would open them with.
 *
 * <p>For PNG the mode comes from the file's header, because ImageIO's view differs from Pillow's:
 * it gives 2- and 4-bit greyscale an index colour model (Pillow: "L", scaled to 0..255) and turns a
 * tRNS chunk on RGB or grey into an alpha channel (Pillow keeps "RGB"/"L"). 16-bit samples keep
 * their high byte, as Pillow's ";16B" unpackers do, except 16-bit greyscale, which Pillow opens as
 * 32-bit "I"; 16-bit grey+alpha Pillow opens as RGBA. Other formats (JPEG, BMP, GIF, TIFF...) get
 * their mode from the colour model: indexed is "P", grey "L", otherwise RGB or RGBA.
 */
final class PillowDecoding {
    private static final String PNG_FORMAT = "javax_imageio_png_1.0";

    private PillowDecoding() {
    }

    static PillowImage read(Path file) throws IOException {
        Decoded d = decode(file);
        return fromBufferedImage(d.image(), d.pngMode());
    }

    /** {@link #read(Path)} for the bytes of an image file, named {@code name} in messages. */
    static PillowImage read(byte[] bytes, String name) throws IOException {
        Decoded d = decode(bytes, name);
        return fromBufferedImage(d.image(), d.pngMode());
    }

    /** What ImageIO decoded, after every refusal Pillow would make, and the Pillow mode of a PNG (null otherwise). */
    record Decoded(BufferedImage image, PillowImage.Mode pngMode) {}

    /** Refuses what is not a readable regular file by name, then decodes the file's stream ({@link #decode(ImageInputStream, long, String)}). */
    static Decoded decode(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + ": is a directory, not an image file");
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such image file");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not a regular file (a device or pipe?), not an image file");
        if (!Files.isReadable(file)) throw new java.nio.file.AccessDeniedException(file.toString(), null, "permission denied");
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return decode(in, Files.size(file), file.toString());
        }
    }

    /** The bytes of an image file, decoded and refused exactly as that file would be ({@link #decode(Path)}). */
    static Decoded decode(byte[] bytes, String name) throws IOException {
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            return decode(in, bytes.length, name);
        }
    }

    /** The one decoder behind both forms: Pillow's refusals on the stream's bytes, then ImageIO's decoding. */
    private static Decoded decode(ImageInputStream in, long size, String name) throws IOException {
        ImageSafety.checkPngChunks(in, size, name);
        ImageSafety.checkJpegColour(in, name);
        in.seek(0);
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException(name + ": not an image or unsupported format");
        }
        ImageReader reader = readers.next();
        boolean[] truncated = {false};
        reader.addIIOReadWarningListener((source, warning) -> {
            if (warning != null && (warning.contains("Premature end") || warning.contains("Truncated File"))) truncated[0] = true;
        });
        try {
            reader.setInput(in, true, false);
            ImageSafety.checkPixels(name, reader.getWidth(0), reader.getHeight(0));
            BufferedImage image = reader.read(0);
            if (truncated[0]) throw ImageSafety.truncated(name);
            return new Decoded(image, pngMode(reader.getImageMetadata(0)));
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(name)) throw e;
            // ImageIO reports corrupt data and unsupported variants (CMYK JPEG...) through
            // IIOException and, for some codecs, unchecked exceptions
            throw new IOException(name + ": not an image or unsupported format (" + reader.getFormatName()
                    + " decoder: " + e.getMessage() + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /** The Pillow mode of an image already in memory, inferred from its colour model. */
    static PillowImage fromBufferedImage(BufferedImage image) {
        return fromBufferedImage(image, null);
    }

    private static PillowImage fromBufferedImage(BufferedImage image, PillowImage.Mode knownMode) {
        ColorModel cm = image.getColorModel();
        PillowImage.Mode mode = knownMode != null ? knownMode : inferMode(cm);
        int w = image.getWidth();
        int h = image.getHeight();
        if (mode == PillowImage.Mode.I) {
            return PillowImage.ofInt(w, h, image.getRaster().getSamples(0, 0, w, h, 0, (int[]) null));
        }
        boolean rawSamples = cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()
                && (isGrey(cm) || cm.getColorSpace().getType() == ColorSpace.TYPE_RGB);
        byte[] samples = rawSamples ? fromRaster(image, mode) : fromArgb(image, mode);
        return PillowImage.of8Bit(mode, w, h, samples);
    }

    private static PillowImage.Mode inferMode(ColorModel cm) {
        if (cm instanceof IndexColorModel) {
            return PillowImage.Mode.P;
        }
        if (isGrey(cm)) {
            boolean wide = cm.getComponentSize(0) > 8;
            if (cm.hasAlpha()) {
                return wide ? PillowImage.Mode.RGBA : PillowImage.Mode.LA;
            }
            return wide ? PillowImage.Mode.I : PillowImage.Mode.L;
        }
        return cm.hasAlpha() ? PillowImage.Mode.RGBA : PillowImage.Mode.RGB;
    }

    private static boolean isGrey(ColorModel cm) {
        return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** Pillow's mode for a PNG header (PngImagePlugin._MODES), or null when the image is not a PNG. */
    private static PillowImage.Mode pngMode(IIOMetadata metadata) {
        if (metadata == null || !PNG_FORMAT.equals(metadata.getNativeMetadataFormatName())) {
            return null;
        }
        for (Node n = metadata.getAsTree(PNG_FORMAT).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("IHDR")) {
                String colorType = n.getAttributes().getNamedItem("colorType").getNodeValue();
                int bitDepth = Integer.parseInt(n.getAttributes().getNamedItem("bitDepth").getNodeValue());
                switch (colorType) {
                    case "Grayscale":
                        return bitDepth == 1 ? PillowImage.Mode.BILEVEL
                                : bitDepth == 16 ? PillowImage.Mode.I : PillowImage.Mode.L;
                    case "GrayAlpha":
                        return bitDepth == 16 ? PillowImage.Mode.RGBA : PillowImage.Mode.LA;
                    case "Palette":
                        return PillowImage.Mode.P;
                    case "RGBAlpha":
                        return PillowImage.Mode.RGBA;
                    default:
                        return PillowImage.Mode.RGB;
                }
            }
        }
        return null;
    }

    /**
     * Samples straight from a grey or RGB component raster: colour bands (grey repeated for RGB),
     * then alpha if the mode has one (opaque if the image has none). Wider samples keep their high
     * byte, narrower ones are scaled to 0..255. Read a row at a time to bound memory on large photos.
     */
    private static byte[] fromRaster(BufferedImage image, PillowImage.Mode mode) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int bands = raster.getNumBands();
        int colours = cm.getNumColorComponents();
        int n = mode.channels;
        boolean modeHasAlpha = mode == PillowImage.Mode.LA || mode == PillowImage.Mode.RGBA;
        int modeColours = modeHasAlpha ? n - 1 : n;
        byte[] out = new byte[w * image.getHeight() * n];
        int[] row = new int[w * bands];
        int q = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int p = 0; p < row.length; p += bands, q += n) {
                for (int c = 0; c < modeColours; c++) {
                    int band = Math.min(c, colours - 1);
                    out[q + c] = (byte) to8Bit(row[p + band], cm.getComponentSize(band));
                }
                if (modeHasAlpha) {
                    out[q + n - 1] = cm.hasAlpha() ? (byte) to8Bit(row[p + colours], cm.getComponentSize(colours)) : (byte) 255;
                }
            }
        }
        return out;
    }

    private static int to8Bit(int sample, int bits) {
        if (bits > 8) {
            return sample >>> (bits - 8);
        }
        return bits == 8 ? sample : sample * 255 / ((1 << bits) - 1);
    }

    /**
     * Samples through {@link BufferedImage#getRGB} (palette applied, premultiplication undone):
     * for indexed and packed colour models, and colour spaces other than grey and RGB. Modes L and
     * LA take the red value, which is the grey level of a grey palette.
     */
    private static byte[] fromArgb(BufferedImage image, PillowImage.Mode mode) {
        int w = image.getWidth();
        int n = mode.channels;
        boolean grey = mode == PillowImage.Mode.L || mode == PillowImage.Mode.LA;
        byte[] out = new byte[w * image.getHeight() * n];
        int[] row = new int[w];
        int q = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int v : row) {
                // ARGB as R, G, B, A; grey modes read R then A
                int[] rgba = {(v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, v >>> 24};
                for (int c = 0; c < n; c++) {
                    boolean alpha = c == n - 1 && (mode == PillowImage.Mode.LA || mode == PillowImage.Mode.RGBA);
                    out[q++] = (byte) (alpha ? rgba[3] : grey ? rgba[0] : rgba[c]);
                }
            }
        }
        return out;
    }
}
