package org.jfsac.clip.image;

import org.jfsac.core.limits.Limit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Images that Pillow refuses must be refused here too, with Pillow's reason and the file's name
 * (issue 11, defects 3, 4 and 5), from the file and from its bytes alike. Bombs are generated here, small on disk.
 */
class HostileImageTest {
    @TempDir Path tmp;

    private IOException refused(Path file, String... fragments) throws IOException {
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> ImagePreprocessor.preprocess(file, 32, ResizeMode.SQUASH)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "mentions '" + f + "': " + e.getMessage());
        if (Files.isRegularFile(file) && Files.size(file) < 1 << 20) {
            // the bytes of the file are refused by the same decoder, in the same words
            byte[] bytes = Files.readAllBytes(file);
            IOException fromBytes = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(IOException.class, () -> ImagePreprocessor.preprocess(bytes, file.toString(), 32, ResizeMode.SQUASH)));
            assertEquals(e.getMessage(), fromBytes.getMessage(), "bytes form");
        }
        return e;
    }

    @Test
    void decompressionBombIsRefusedBeforeDecoding() throws IOException {
        // 14,000 x 14,000 one-bit greyscale: 196 M pixels, above Pillow's 178,956,970; about 25 kB on disk
        Path bomb = png("bomb.png", 14_000, 14_000, 1, 0, new byte[0]);
        assertTrue(Files.size(bomb) < 200_000);
        refused(bomb, "196000000 pixels", "exceeds limit of 178956970 pixels", "decompression bomb", "--max-image-pixels");
    }

    @Test
    void pixelLimitCanBeChanged() throws IOException {
        Path small = png("small.png", 20, 20, 8, 0, new byte[0]);
        assertEquals(32, ImagePreprocessor.preprocess(small, 32, ResizeMode.SQUASH).size());
        System.setProperty(Limit.IMAGE_PIXELS.property(), "399");
        try {
            refused(small, "exceeds limit of 399 pixels");
        } finally {
            System.clearProperty(Limit.IMAGE_PIXELS.property());
        }
    }

    @Test
    void textChunkThatInflatesPastOneMebibyteIsRefused() throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        z.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
        try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(9))) {
            d.write(new byte[2 << 20]);
        }
        Path f = png("ztxt.png", 4, 4, 8, 0, chunk("zTXt", z.toByteArray()));
        assertTrue(Files.size(f) < 10_000);
        refused(f, "zTXt", "decompressed data too large");
        // a modest one is fine, as in Pillow
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        ok.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
        try (DeflaterOutputStream d = new DeflaterOutputStream(ok)) {
            d.write(new byte[1000]);
        }
        ImagePreprocessor.preprocess(png("ztxt-ok.png", 4, 4, 8, 0, chunk("zTXt", ok.toByteArray())), 32, ResizeMode.SQUASH);
    }

    @Test
    void truncatedJpegIsRefusedAsPillowDoes() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 77);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", b);
        byte[] whole = b.toByteArray();
        Path intact = Files.write(tmp.resolve("whole.jpg"), whole);
        ImagePreprocessor.preprocess(intact, 32, ResizeMode.SQUASH);
        Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(whole, whole.length * 3 / 4));
        refused(cut, "image file is truncated");
    }

    @Test
    void cmykJpegIsRefusedByName() throws IOException {
        Path f = tmp.resolve("cmyk.jpg");
        try (InputStream in = getClass().getResourceAsStream("hostile/cmyk_16x12.jpg")) {
            Files.copy(in, f);
        }
        refused(f, "CMYK/YCCK JPEG is not supported");
    }

    @Test
    void directoriesAndDevicesGetTheirRealReason() throws IOException {
        refused(tmp, "is a directory");
        Path dev = Path.of("/dev/zero");
        if (Files.exists(dev)) refused(dev, "not a regular file");
    }

    /** A PNG of the given size and bit depth (colour type 0 = grey), all zero, with {@code extra} chunks before IDAT. */
    private Path png(String name, int w, int h, int bits, int colourType, byte[] extra) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {(byte) bits, (byte) colourType, 0, 0, 0});
        out.writeBytes(chunk("IHDR", ihdr.toByteArray()));
        out.writeBytes(extra);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (int) (((long) w * bits + 7) / 8)];
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            for (int y = 0; y < h; y++) z.write(row);
        }
        out.writeBytes(chunk("IDAT", idat.toByteArray()));
        out.writeBytes(chunk("IEND", new byte[0]));
        return Files.write(tmp.resolve(name), out.toByteArray());
    }

    private static byte[] chunk(String type, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
        return out.toByteArray();
    }
}
