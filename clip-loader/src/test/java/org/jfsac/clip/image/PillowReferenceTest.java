package org.jfsac.clip.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * Every PNG colour type and bit depth Pillow treats its own way (1-bit, 2/4/8/16-bit grey, grey with
 * tRNS, grey+alpha 8/16, palette 4/8-bit, RGB 8/16 and with tRNS, RGBA 8/16), down- and upscaled, in
 * both resize modes: the 8-bit RGB must equal Pillow 9.4's output (make_pillow_reference.py)
 * exactly. No tolerance: PNG decoding is lossless and Pillow's resampling is integer arithmetic
 * that the port reproduces step for step. JPEGs (4:4:4, progressive 4:2:0, grey) go through
 * ImageIO's decoder instead of libjpeg-turbo, so there the mean error may reach one 8-bit level.
 * The bytes form ({@link ImagePreprocessor#preprocess(byte[], String, int, ResizeMode)}) must give the
 * file form's values exactly.
 */
class PillowReferenceTest {

    private record Case(String image, ResizeMode mode, int size, String pillowMode) {
    }

    @Test
    void resizedRgbEqualsPillow() throws IOException, URISyntaxException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 60, "cases.txt lists " + cases.size());
        for (Case c : cases) {
            byte[] expected = read(c.image + "__" + c.mode.name().toLowerCase(Locale.ROOT) + "_" + c.size + ".rgb");
            byte[] got = ImagePreprocessor.preprocess(resource(c.image), c.size, c.mode).rgb();
            // the bytes form decodes through the same stream decoder: the very same values
            assertArrayEquals(got, ImagePreprocessor.preprocess(read(c.image), c.image, c.size, c.mode).rgb(), c + " from bytes");
            if (c.image.endsWith(".png")) {
                assertArrayEquals(expected, got, c.toString());
            } else {
                double sum = 0;
                int worst = 0;
                for (int i = 0; i < got.length; i++) {
                    int d = Math.abs((got[i] & 0xFF) - (expected[i] & 0xFF));
                    sum += d;
                    worst = Math.max(worst, d);
                }
                String stats = String.format(Locale.ROOT, "%s: mean error %.3f levels, worst %d", c, sum / got.length, worst);
                System.out.println(stats);
                assertTrue(sum / got.length <= 1.0, stats);
            }
        }
    }

    /** The decoder must open each file in the mode Pillow reported for it. */
    @Test
    void pngsOpenInPillowsMode() throws IOException, URISyntaxException {
        for (Case c : cases()) {
            String mode = PillowDecoding.read(resource(c.image)).mode.name();
            assertEquals(c.pillowMode.equals("1") ? "BILEVEL" : c.pillowMode, mode, c.image);
            assertEquals(mode, PillowDecoding.read(read(c.image), c.image).mode.name(), c.image + " from bytes");
        }
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : new String(read("cases.txt"), StandardCharsets.US_ASCII).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            cases.add(new Case(f[0], ResizeMode.valueOf(f[1].toUpperCase(Locale.ROOT)), Integer.parseInt(f[2]), f[3]));
        }
        return cases;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PillowReferenceTest.class.getResource(name).toURI());
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = PillowReferenceTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return in.readAllBytes();
        }
    }
}
