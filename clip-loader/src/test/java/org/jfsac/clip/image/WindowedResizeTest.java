package org.jfsac.clip.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Resize-then-crop computes only the kept window (found by fuzzing, issue 11: an elongated image made the
 * shortest-side resize allocate and compute its whole, huge, intermediate). The window must equal the same
 * pixels of the full resize exactly (the full resize is what the Pillow reference tests check).
 */
class WindowedResizeTest {
    @TempDir Path tmp;

    @Test
    void aWindowEqualsTheSamePixelsOfTheFullResize() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int w = 1 + r.nextInt(40), h = 1 + r.nextInt(40), ch = 1 + r.nextInt(4);
            // each side: smaller, equal or larger
            int ow = r.nextInt(3) == 0 ? w : 1 + r.nextInt(60), oh = r.nextInt(3) == 0 ? h : 1 + r.nextInt(60);
            int cw = 1 + r.nextInt(ow), chh = 1 + r.nextInt(oh), x0 = r.nextInt(ow - cw + 1), y0 = r.nextInt(oh - chh + 1);
            String what = w + "x" + h + "x" + ch + " -> " + ow + "x" + oh + ", window " + cw + "x" + chh + " at " + x0 + "," + y0;

            byte[] src = new byte[w * h * ch];
            r.nextBytes(src);
            byte[] full = PillowResample.bicubic8(src, w, h, ch, ow, oh, 0, 0, ow, oh);
            assertArrayEquals(PillowResample.crop(full, ow, ch, x0, y0, cw, chh),
                    PillowResample.bicubic8(src, w, h, ch, ow, oh, x0, y0, cw, chh), "bicubic8 " + what);
            full = PillowResample.nearest(src, w, h, ch, ow, oh, 0, 0, ow, oh);
            assertArrayEquals(PillowResample.crop(full, ow, ch, x0, y0, cw, chh),
                    PillowResample.nearest(src, w, h, ch, ow, oh, x0, y0, cw, chh), "nearest " + what);

            int[] wide = new int[w * h];
            for (int i = 0; i < wide.length; i++) wide[i] = r.nextInt(65536);
            int[] fullWide = PillowResample.bicubic32(wide, w, h, ow, oh, 0, 0, ow, oh);
            assertArrayEquals(PillowResample.crop(fullWide, ow, 1, x0, y0, cw, chh),
                    PillowResample.bicubic32(wide, w, h, ow, oh, x0, y0, cw, chh), "bicubic32 " + what);
        }
    }

    @Test
    void anElongatedImageIsCroppedWithoutItsHugeIntermediate() throws Exception {
        // 1x65535 pixels, a few hundred bytes as PNG; its shortest side to 224 would be 224 x 14.7M pixels
        Path f = tmp.resolve("needle.png");
        ImageIO.write(new BufferedImage(1, 65535, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        PreprocessedImage p = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> ImagePreprocessor.preprocess(f, 224, ResizeMode.SHORTEST_CENTER_CROP));
        assertEquals(224, p.size());
        for (byte b : p.rgb()) assertEquals(0, b); // black in, black out
    }
}
