package org.jfsac.clip.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class RgbImageTest {
    @TempDir
    Path tmp;

    private static RgbImage random(int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        RgbImage img = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRgb(x, y, rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
            }
        }
        return img;
    }

    @Test
    void pngAndBufferedImageRoundTripsAreLossless() throws Exception {
        RgbImage img = random(13, 7, 1);
        assertEquals(img, RgbImage.fromBufferedImage(img.toBufferedImage()));
        Path file = tmp.resolve("sub/dir/img.png");
        img.writePng(file);
        assertEquals(img, RgbImage.read(file));
    }

    @Test
    void packedRgbMatchesChannels() {
        RgbImage img = new RgbImage(2, 1);
        img.setRgb(1, 0, 10, 20, 30);
        assertEquals((10 << 16) | (20 << 8) | 30, img.toBufferedImage().getRGB(1, 0) & 0xffffff);
        assertEquals(20.0, img.gray(1, 0), 0.0);
    }

    @Test
    void greyImagesAreReadWithoutColourSpaceConversion() {
        // getRGB on TYPE_BYTE_GRAY would map 128 through linear grey → sRGB and return a different value.
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 128);
        grey.getRaster().setSample(1, 0, 0, 30);
        grey.getRaster().setSample(2, 0, 0, 255);
        RgbImage img = RgbImage.fromBufferedImage(grey);
        assertEquals(128, img.get(0, 0, 0));
        assertEquals(128, img.get(2, 0, 0));
        assertEquals(30, img.get(1, 1, 0));
        assertEquals(255, img.get(0, 2, 0));
    }

    @Test
    void cropAndPasteAreInverse() {
        RgbImage img = random(10, 8, 3);
        RgbImage patch = img.crop(2, 3, 5, 4);
        assertEquals(img.get(1, 2, 3), patch.get(1, 0, 0));
        assertEquals(img.get(2, 6, 6), patch.get(2, 4, 3));
        RgbImage blank = new RgbImage(10, 8);
        blank.paste(patch, 2, 3);
        assertEquals(patch, blank.crop(2, 3, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> img.crop(6, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> img.paste(patch, 6, 0));
    }

    @Test
    void setChannelRoundsAndClamps() {
        RgbImage img = new RgbImage(4, 1);
        img.setChannel(1, new double[] {-3, 12.5, 254.6, 1e9});
        assertArrayEquals(new double[] {0, 13, 255, 255}, img.channel(1));
        assertThrows(IllegalArgumentException.class, () -> img.set(0, 0, 0, 256));
    }

    @Test
    void badFilesGiveExceptionsNamingThem() throws Exception {
        Path missing = tmp.resolve("nope.png");
        IOException e1 = assertThrows(NoSuchFileException.class, () -> RgbImage.read(missing));
        assertTrue(e1.getMessage().contains("nope.png"), e1.getMessage());
        Path garbage = tmp.resolve("garbage.png");
        Files.writeString(garbage, "not an image");
        IOException e2 = assertThrows(IOException.class, () -> RgbImage.read(garbage));
        assertTrue(e2.getMessage().contains("garbage.png"), e2.getMessage());
    }

    /**
     * Preprocessing takes the image as it is: the same values as going through a BufferedImage first (the old
     * detour), in every resize mode, exactly.
     */
    @ParameterizedTest
    @EnumSource(ResizeMode.class)
    void preprocessingAnRgbImageEqualsPreprocessingItsBufferedImage(ResizeMode mode) {
        RgbImage img = random(37, 23, 4);
        PreprocessedImage direct = ImagePreprocessor.preprocess(img, 16, mode);
        PreprocessedImage detour = ImagePreprocessor.preprocess(img.toBufferedImage(), 16, mode);
        assertArrayEquals(detour.pixels(), direct.pixels());
        assertArrayEquals(detour.rgb(), direct.rgb());
        assertEquals(random(37, 23, 4), img, "the image is left as it was");
    }

    @Test
    void sixteenBitGreyIsClippedAsPillowConvertsItsIMode() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(0, 0, 0, 200);
        grey.getRaster().setSample(1, 0, 0, 40000);
        RgbImage img = RgbImage.fromBufferedImage(grey);
        assertEquals(200, img.get(0, 0, 0));
        assertEquals(255, img.get(2, 1, 0));
    }
}
