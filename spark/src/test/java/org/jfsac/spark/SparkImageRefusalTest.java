package org.jfsac.spark;

import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.jfsac.clip.image.ImageFile;
import org.jfsac.core.errors.ErrorLine;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.api.HeadDescription;
import org.jfsac.fsac.demo.DemoClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A row gets the refusal the command line gives for the same file, in the same words (clip-loader's
 * {@link ImageFile}), whether the row holds the file's path, a {@code file:} URI or the binaryFile source's bytes:
 * a CMYK JPEG, a truncated PNG, a decompression-bomb PNG header (a tiny file) and a file that is no image. The
 * image source's struct, decoded by Spark, is checked for what still applies: the pixel limit, the data length
 * against height x width x nChannels, the channel count and the OpenCV mode.
 */
class SparkImageRefusalTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    static FsacClassifier direct;
    static Path dir;
    /** file name → what the command line says about it (null: it decodes). */
    static final Map<String, String> cli = new LinkedHashMap<>();
    static double goodScore;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkFixture.session();
        direct = SparkFixture.fittedDisc(tmp.resolve("train"));
        dir = Files.createDirectories(tmp.resolve("rows"));
        Path good = SparkFixture.images(dir, DemoClass.DISC, "test", 1, 0).get(0);
        byte[] png = Files.readAllBytes(good);
        try (InputStream in = SparkImageRefusalTest.class.getResourceAsStream("cmyk_16x12.jpg")) {
            Files.write(dir.resolve("cmyk.jpg"), in.readAllBytes());
        }
        Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length * 3 / 5));
        Files.write(dir.resolve("bomb.png"), withSize(png, 20_000, 10_000));
        Files.writeString(dir.resolve("notes.txt"), "not an image\n");
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) cli.put(f.getFileName().toString(), refusal(f));
        }
        assertNull(cli.get(good.getFileName().toString()), "the demo image decodes");
        assertTrue(cli.get("bomb.png").contains("200000000 pixels"), cli.get("bomb.png"));
        goodScore = direct.score(ImageFile.read(good));
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    /** What the command line reports for the file (ImageFile's one line), or null when it decodes. */
    private static String refusal(Path f) {
        try {
            ImageFile.check(f);
            return null;
        } catch (IOException e) {
            return ErrorLine.format(e);
        }
    }

    /** A PNG's bytes with the IHDR's width and height replaced (and its CRC made right): a huge header, a tiny file. */
    private static byte[] withSize(byte[] png, int width, int height) {
        byte[] b = png.clone();
        ByteBuffer.wrap(b, 16, 8).putInt(width).putInt(height); // after the signature (8), IHDR's length and type (8)
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17); // "IHDR" and its 13 data bytes
        ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        return b;
    }

    private static FsacScoringModel model() throws Exception {
        return new FsacScoringModel(SparkFixture.tinyClip(), Map.of("disc", HeadDescription.of(direct)));
    }

    /** Each row's file (by name): refused with the command line's words, or scored as the direct API scores it. */
    private static void assertLikeTheCommandLine(List<Row> rows, String nameColumn, String form) {
        Map<String, Row> byName = rows.stream().collect(Collectors.toMap(
                r -> Path.of(ImageInput.displayName(r.getAs(nameColumn))).getFileName().toString(), r -> r, (a, b) -> a));
        assertEquals(cli.keySet(), byName.keySet(), form);
        cli.forEach((name, refusal) -> {
            Row r = byName.get(name);
            assertEquals(refusal, r.getAs(FsacScoringModel.ERROR), form + " " + name);
            if (refusal != null) {
                assertNull(r.getAs(FsacScoringModel.SCORE), form + " " + name);
            } else {
                // one image in its batch, as in the direct call: 1e-6 only in case the GEMM's rounding ever depends on the row's company
                assertEquals(goodScore, r.<Double>getAs(FsacScoringModel.SCORE), 1e-6, form + " " + name);
            }
        });
    }

    @Test
    void pathsAndUrisAreRefusedAsTheCommandLineRefusesTheFile() throws Exception {
        List<String> paths = new ArrayList<>();
        for (String name : cli.keySet()) {
            paths.add(dir.resolve(name).toString());
            paths.add(dir.resolve(name).toUri().toString()); // file:///... names the same file, in the same words
        }
        List<Row> rows = model().setImageCol("p").transform(spark.createDataset(paths, Encoders.STRING()).toDF("p").repartition(2)).collectAsList();
        assertEquals(paths.size(), rows.size());
        assertLikeTheCommandLine(rows.stream().filter(r -> r.<String>getAs("p").startsWith("/")).toList(), "p", "path");
        assertLikeTheCommandLine(rows.stream().filter(r -> r.<String>getAs("p").startsWith("file:")).toList(), "p", "file: URI");
    }

    @Test
    void binaryFileContentIsRefusedAsTheCommandLineRefusesTheFile() throws Exception {
        Dataset<Row> binary = spark.read().format("binaryFile").load(dir.toString());
        assertLikeTheCommandLine(model().setImageCol("content").transform(binary).collectAsList(), "path", "binaryFile");
    }

    @Test
    void aModelScoresAgainWithItsBroadcastHeads() throws Exception {
        // the second transform reuses the first one's broadcast and head keys
        FsacScoringModel m = model();
        Dataset<Row> good = spark.createDataset(List.of(dir.resolve(cli.keySet().stream().filter(n -> cli.get(n) == null).findFirst().orElseThrow()).toString()),
                Encoders.STRING()).toDF("image");
        assertEquals(goodScore, m.transform(good).first().<Double>getAs(FsacScoringModel.SCORE), 1e-6);
        assertEquals(goodScore, m.transform(good).first().<Double>getAs(FsacScoringModel.SCORE), 1e-6);
    }

    @Test
    void aFileOverTheByteLimitIsRefusedUnread() throws Exception {
        Path big = tmp.resolve("huge.png");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ImageInput.MAX_IMAGE_BYTES + 1L); // sparse: no disk used, and nothing may read it
        }
        Row r = model().transform(spark.createDataset(List.of(big.toString()), Encoders.STRING()).toDF("image")).first();
        assertNull(r.getAs(FsacScoringModel.SCORE));
        assertEquals(big + ": " + (ImageInput.MAX_IMAGE_BYTES + 1L) + " bytes, more than an image file may have here ("
                + ImageInput.MAX_IMAGE_BYTES + " bytes, ImageInput.MAX_IMAGE_BYTES)", r.getAs(FsacScoringModel.ERROR));
    }

    @Test
    void imageStructsThatCannotBeRightAreRefused() throws Exception {
        String bomb = dir.resolve("bomb.png").toUri().toString();
        List<Row> structs = List.of(
                struct("file:/data/short.png", 4, 5, 3, 16, new byte[59]),
                struct(bomb, 10_000, 20_000, 3, 16, new byte[3]),
                struct("file:/data/two.png", 4, 5, 2, 16, new byte[40]),
                struct("file:/data/float.png", 4, 5, 3, 21, new byte[60]),
                struct("file:/data/fine.png", 4, 5, 3, 16, new byte[60]));
        List<Row> rows = model().transform(spark.createDataFrame(structs, ImageSchema.imageSchema())).collectAsList();
        Map<String, String> errors = rows.stream().collect(Collectors.toMap(r -> r.getStruct(0).getString(0),
                r -> String.valueOf((Object) r.getAs(FsacScoringModel.ERROR))));
        assertEquals("/data/short.png: image struct of 5x4x3 needs 60 bytes of data, holds 59", errors.get("file:/data/short.png"));
        // the pixel limit, in the words (and with the name) the command line uses for that file
        assertEquals(cli.get("bomb.png"), errors.get(bomb));
        assertEquals("/data/two.png: image struct with 2 channels (1, 3 or 4 are supported)", errors.get("file:/data/two.png"));
        assertEquals("/data/float.png: image struct mode 21 (OpenCV type) is not 8-bit 3-channel CV_8UC3 = 16", errors.get("file:/data/float.png"));
        assertEquals("null", errors.get("file:/data/fine.png"), "a consistent struct is scored");
        for (Row r : rows) assertEquals(r.getStruct(0).getString(0).endsWith("fine.png"), r.getAs(FsacScoringModel.SCORE) != null);
        assertThrows(IllegalArgumentException.class, () -> ImageSchema.imageSchema().fieldIndex("nope"));
    }

    private static Row struct(String origin, int height, int width, int channels, int mode, byte[] data) {
        return RowFactory.create(RowFactory.create(origin, height, width, channels, mode, data));
    }
}
