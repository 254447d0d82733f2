package org.jfsac.fsac.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapTest {

    @TempDir
    Path dir;

    /** matplotlib's 256-entry turbo table, 0–255 floats (src/test/resources/report/make_turbo_reference.py). */
    private static double[][] turbo256() throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : resource("turbo_256.csv").split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] f = line.split(",");
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        }
        assertEquals(256, rows.size());
        return rows.toArray(new double[0][]);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HeatmapTest.class.getResourceAsStream("/report/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int[] rgb(int pixel) {
        return new int[] {(pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff};
    }

    @Test
    void colormapFollowsMatplotlibTurbo() throws IOException {
        double[][] ref = turbo256();
        double worst = 0;
        for (int i = 0; i < 256; i++) {
            int[] c = rgb(Heatmap.color(i / 255.0));
            for (int ch = 0; ch < 3; ch++) {
                worst = Math.max(worst, Math.abs(c[ch] - ref[i][ch]));
            }
        }
        // 33 linearly interpolated nodes deviate from the full table by at most 3.23 levels (measured in numpy
        // before rounding), plus 0.5 for the rounded nodes and 0.5 for the rounded output.
        assertTrue(worst <= 4.25, "worst channel error " + worst);
    }

    @Test
    void colorizeMapsTheExtremesToTheColormapEnds() throws IOException {
        double[][] ref = turbo256();
        float[][] map = {{-3f, 0f, 1f}, {2f, 7f, 5f}};
        BufferedImage img = Heatmap.colorize(map);
        assertEquals(3, img.getWidth());
        assertEquals(2, img.getHeight());
        int[] low = rgb(img.getRGB(0, 0));
        int[] high = rgb(img.getRGB(1, 1));
        for (int ch = 0; ch < 3; ch++) {
            // The ends are nodes: only the rounding of matplotlib's value separates them.
            assertEquals(ref[0][ch], low[ch], 0.5);
            assertEquals(ref[255][ch], high[ch], 0.5);
        }
        // 0 is 0.3 of the way: the same colour as the colormap there.
        assertEquals(Heatmap.color(0.3), img.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void aFixedRangeClampsAndAConstantMapIsAllLow() {
        BufferedImage img = Heatmap.colorize(new float[][] {{-1f, 0.5f, 2f}}, 0, 1);
        assertEquals(Heatmap.color(0), img.getRGB(0, 0) & 0xffffff);
        assertEquals(Heatmap.color(0.5), img.getRGB(1, 0) & 0xffffff);
        assertEquals(Heatmap.color(1), img.getRGB(2, 0) & 0xffffff);
        BufferedImage flat = Heatmap.colorize(new float[][] {{4f, 4f}, {4f, 4f}});
        assertEquals(Heatmap.color(0), flat.getRGB(1, 1) & 0xffffff);
    }

    @Test
    void badMapsAreRejectedSayingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Heatmap.colorize(new float[][] {{0f, 1f}, {Float.NaN, 2f}}));
        assertTrue(e.getMessage().contains("row 1, column 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Heatmap.colorize(new float[][] {{0f, 1f}, {2f}}));
        assertTrue(e.getMessage().contains("row 1 has 1 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Heatmap.colorize(new float[0][]));
    }

    @Test
    void resizeMatchesTorchInterpolate() throws IOException {
        JsonObject json = JsonParser.parseString(resource("resize.json")).getAsJsonObject();
        float[][] src = toFloats(json.getAsJsonArray("input"));
        for (JsonElement c : json.getAsJsonArray("outputs")) {
            JsonObject o = c.getAsJsonObject();
            float[][] expected = toFloats(o.getAsJsonArray("values"));
            float[][] got = Heatmap.resizeBilinear(src, o.get("height").getAsInt(), o.get("width").getAsInt());
            assertEquals(expected.length, got.length);
            for (int y = 0; y < expected.length; y++) {
                for (int x = 0; x < expected[y].length; x++) {
                    // torch computes in float32, this in double then rounds: a few float ulps at values below 10.
                    assertEquals(expected[y][x], got[y][x], 1e-5, "at " + y + "," + x + " of " + o.get("height"));
                }
            }
        }
    }

    @Test
    void overlayBlendsImageAndHeatmap() {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, 0x204060);
            }
        }
        float[][] map = {{0f, 1f}}; // 1×2, upsampled to 2×4: columns 0.0, 0.25, 0.75, 1.0
        BufferedImage none = Heatmap.overlay(image, map, 0);
        BufferedImage full = Heatmap.overlay(image, map, 1);
        BufferedImage half = Heatmap.overlay(image, map, 0.5);
        assertEquals(0x204060, none.getRGB(2, 1) & 0xffffff);
        assertEquals(Heatmap.color(0), full.getRGB(0, 0) & 0xffffff);
        assertEquals(Heatmap.color(0.25), full.getRGB(1, 1) & 0xffffff);
        assertEquals(Heatmap.color(1), full.getRGB(3, 0) & 0xffffff);
        int[] heat = rgb(Heatmap.color(0.75));
        int[] base = {0x20, 0x40, 0x60};
        int[] mixed = rgb(half.getRGB(2, 0));
        for (int ch = 0; ch < 3; ch++) {
            assertEquals((heat[ch] + base[ch]) / 2.0, mixed[ch], 0.5);
        }
        assertThrows(IllegalArgumentException.class, () -> Heatmap.overlay(image, map, 1.5));
    }

    @Test
    void overlayKeepsTheStoredLevelsOfGreyImages() {
        BufferedImage grey = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                grey.getRaster().setSample(x, y, 0, 100);
            }
        }
        // getRGB on a grey image reports 168 here (linear-to-sRGB conversion); the stored level is 100.
        assertEquals(0x646464, Heatmap.overlay(grey, new float[][] {{1f}}, 0).getRGB(1, 1) & 0xffffff);
    }

    @Test
    void writePngRoundTripsAndLeavesNoTemporaryFile() throws IOException {
        BufferedImage img = Heatmap.colorize(new float[][] {{0f, 0.5f, 1f}, {1f, 0.5f, 0f}});
        Path file = dir.resolve("heat.png");
        Heatmap.writePng(img, file);
        BufferedImage back = ImageIO.read(file.toFile());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(img.getRGB(x, y) & 0xffffff, back.getRGB(x, y) & 0xffffff);
            }
        }
        ResultsCsvTest.assertOnlyFile(dir, "heat.png");
    }

    private static float[][] toFloats(JsonArray rows) {
        float[][] out = new float[rows.size()][];
        for (int y = 0; y < rows.size(); y++) {
            JsonArray row = rows.get(y).getAsJsonArray();
            out[y] = new float[row.size()];
            for (int x = 0; x < row.size(); x++) {
                out[y][x] = row.get(x).getAsFloat();
            }
        }
        return out;
    }
}
