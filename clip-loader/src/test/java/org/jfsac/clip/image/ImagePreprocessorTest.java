package org.jfsac.clip.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {

    @Test
    void textFileIsReportedAsNotAnImage(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "this is not a picture\n");
        IOException e = assertThrows(IOException.class,
                () -> ImagePreprocessor.preprocess(text, 32, ResizeMode.SQUASH));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an image or unsupported format"), e.getMessage());
    }

    @Test
    void truncatedPngIsReportedWithItsName(@TempDir Path dir) throws IOException {
        byte[] png = Files.readAllBytes(SharedFixtures.openclip("images/rgb_50x37.png"));
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        IOException e = assertThrows(IOException.class,
                () -> ImagePreprocessor.preprocess(cut, 32, ResizeMode.SQUASH));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void missingFileAndBadSizeAreRejected(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class,
                () -> ImagePreprocessor.preprocess(dir.resolve("absent.png"), 32, ResizeMode.SQUASH));
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        assertThrows(IllegalArgumentException.class, () -> ImagePreprocessor.preprocess(image, 0, ResizeMode.SQUASH));
    }

    /**
     * A uniform image stays uniform through bicubic resizing (the fixed-point weights sum to 1 within
     * far less than half a level), so each CHW plane must hold (v / 255 - mean) / std for its channel:
     * checks channel order, layout and the OpenAI constants independently of any reference file.
     */
    @Test
    void uniformImageGivesNormalisedConstantsInChwOrder() {
        int[] rgb = {10, 128, 250};
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
            }
        }
        double[] mean = {0.48145466, 0.4578275, 0.40821073};
        double[] std = {0.26862954, 0.26130258, 0.27577711};
        for (ResizeMode mode : ResizeMode.values()) {
            PreprocessedImage out = ImagePreprocessor.preprocess(image, 9, mode);
            assertEquals(3 * 81, out.pixels().length);
            for (int c = 0; c < 3; c++) {
                double want = (rgb[c] / 255.0 - mean[c]) / std[c];
                for (int p = 0; p < 81; p++) {
                    // float32 arithmetic against a double reference: a few ulps of ~2
                    assertEquals(want, out.pixels()[c * 81 + p], 1e-6, mode + " channel " + c);
                    assertEquals(rgb[c], out.rgb()[3 * p + c] & 0xFF);
                }
            }
            BufferedImage back = out.toBufferedImage();
            assertEquals(9, back.getWidth());
            assertEquals(image.getRGB(0, 0), back.getRGB(4, 4));
        }
    }

    /** The in-memory entry point must agree with the file one where ImageIO's colour model tells the mode. */
    @Test
    void bufferedImageEntryMatchesFileEntry() throws IOException {
        for (String name : new String[] {"images/rgb_50x37.png", "images/rgba_61x80.png", "images/gray_33x33.png",
                "images/palette_90x45.png", "images/rgb_120x96.jpg"}) {
            Path file = SharedFixtures.openclip(name);
            BufferedImage image = ImageIO.read(file.toFile());
            for (ResizeMode mode : ResizeMode.values()) {
                assertArrayEquals(ImagePreprocessor.preprocess(file, 32, mode).pixels(),
                        ImagePreprocessor.preprocess(image, 32, mode).pixels(), name + " " + mode);
            }
        }
    }

    /** A packed ARGB image (read through getRGB) must give what the same pixels in a component raster give. */
    @Test
    void packedAndComponentColourModelsAgree() {
        java.util.Random random = new java.util.Random(7);
        BufferedImage packed = new BufferedImage(23, 17, BufferedImage.TYPE_INT_ARGB);
        BufferedImage component = new BufferedImage(23, 17, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 23; x++) {
                int argb = random.nextInt();
                packed.setRGB(x, y, argb);
                component.setRGB(x, y, argb);
            }
        }
        for (ResizeMode mode : ResizeMode.values()) {
            assertArrayEquals(ImagePreprocessor.preprocess(component, 11, mode).rgb(),
                    ImagePreprocessor.preprocess(packed, 11, mode).rgb(), mode.toString());
        }
    }

    /** Shortest-side geometry: a 3x10 image at 4 gives 4x13 (int(4*10/3)), cropped rows int(round(9/2.0)) = 4 onwards. */
    @Test
    void shortestSideCropTakesTheCentre() {
        BufferedImage tall = new BufferedImage(3, 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 3; x++) {
                tall.getRaster().setSample(x, y, 0, y < 5 ? 0 : 255);
            }
        }
        PreprocessedImage out = ImagePreprocessor.preprocess(tall, 4, ResizeMode.SHORTEST_CENTER_CROP);
        // the crop is centred on the black/white edge: top half dark, bottom half bright
        int top = out.rgb()[0] & 0xFF;
        int bottom = out.rgb()[3 * 4 * 3] & 0xFF;
        assertTrue(top < 64 && bottom > 192, "top " + top + ", bottom " + bottom);
    }
}
