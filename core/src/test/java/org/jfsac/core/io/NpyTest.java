package org.jfsac.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class NpyTest {
    @TempDir Path tmp;

    /** Test inputs written by numpy 1.24 (src/test/resources/npy/make_npy.py). */
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    private static Path shared(String rel) {
        String root = System.getProperty("jfsac.testdata");
        assertNotNull(root, "surefire must pass -Djfsac.testdata");
        return Path.of(root, rel);
    }

    /** The formula make_npy.py used: (arange(24) - 7) * 0.5, exact in f2/f4/f8. */
    private static void assertBase(HostTensor t) {
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        for (int i = 0; i < 24; i++) assertEquals((i - 7) * 0.5f, t.data()[i], "element " + i);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_v1.npy", "f4_v2.npy", "f4_v3.npy", "f4_big.npy", "f8.npy", "f2.npy"})
    void readsNumpyFloatFilesOfEveryVersionOrderAndWidth(String name) throws Exception {
        assertBase(Npy.readFloat(resource(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"i8.npy", "i4_big.npy"})
    void readsNumpyIntegerFiles(String name) throws Exception {
        LongTensor t = Npy.readLong(resource(name));
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        for (int i = 0; i < 24; i++) assertEquals(i - 7, t.data()[i]);
    }

    @Test
    void readsScalar() throws Exception {
        HostTensor t = Npy.readFloat(resource("scalar_f4.npy"));
        assertEquals(0, t.rank());
        assertArrayEquals(new float[] {2.5f}, t.data());
    }

    @Test
    void refusesFortranOrderAndObjectArraysNamingTheFile() throws Exception {
        Path fortran = resource("fortran_f4.npy");
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> Npy.readFloat(fortran));
        assertTrue(e.getMessage().contains(fortran.toString()) && e.getMessage().contains("Fortran"), e.getMessage());
        Path object = resource("object.npy");
        e = assertThrows(TensorFormatException.class, () -> Npy.readFloat(object));
        assertTrue(e.getMessage().contains(object.toString()) && e.getMessage().contains("object arrays"), e.getMessage());
    }

    @Test
    void refusesTheWrongKindAndTruncatedData() throws Exception {
        assertThrows(TensorFormatException.class, () -> Npy.readLong(resource("f4_v1.npy")));
        assertThrows(TensorFormatException.class, () -> Npy.readFloat(resource("i8.npy")));
        byte[] whole = Files.readAllBytes(resource("f4_v1.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 4));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> Npy.readFloat(cut));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("92"), e.getMessage());
    }

    @Test
    void writesTheSameBytesAsNumpy() throws Exception {
        float[] data = new float[24];
        for (int i = 0; i < 24; i++) data[i] = (i - 7) * 0.5f;
        Path out = tmp.resolve("mine.npy");
        Npy.write(out, new HostTensor(new int[] {2, 3, 4}, data));
        assertArrayEquals(Files.readAllBytes(resource("f4_v1.npy")), Files.readAllBytes(out));

        long[] ints = new long[24];
        for (int i = 0; i < 24; i++) ints[i] = i - 7;
        Npy.write(out, new LongTensor(new int[] {2, 3, 4}, ints));
        assertArrayEquals(Files.readAllBytes(resource("i8.npy")), Files.readAllBytes(out));
    }

    @Test
    void roundTripsOddShapes() throws Exception {
        for (int[] shape : new int[][] {{}, {5}, {0, 3}, {1, 1, 7}}) {
            int n = 1;
            for (int d : shape) n *= d;
            float[] data = new float[n];
            for (int i = 0; i < n; i++) data[i] = (float) Math.sin(i) * 1e3f;
            Path f = tmp.resolve("r.npy");
            HostTensor t = new HostTensor(shape, data);
            Npy.write(f, t);
            assertEquals(t, Npy.readFloat(f));
            assertEquals(0, (Files.size(f) - 4L * n) % 64, "the header keeps data 64-byte aligned, as numpy does");
        }
    }

    /**
     * Fixture files written by the OpenCLIP reference run. Expected numbers were computed by numpy:
     * {@code p = np.load('pixels_squash.npy'); p.astype(np.float64).sum(); p[0,0,0,:3]; p[4,2,31,31]}.
     * The sum tolerance covers summation order over 15360 float32 values (about 1e-9 relative here).
     */
    @Test
    void readsFixtureFloat32AndInt64Files() throws IOException {
        HostTensor pixels = Npy.readFloat(shared("openclip/tiny-gelu/pixels_squash.npy"));
        assertArrayEquals(new int[] {5, 3, 32, 32}, pixels.shape());
        double sum = 0;
        for (float v : pixels.data()) sum += v;
        assertEquals(-1295.521946781315, sum, 1e-6);
        assertEquals(-1.7922625541687012f, pixels.data()[0]);
        assertEquals(-1.7192703485488892f, pixels.data()[1]);
        assertEquals(-1.5732861757278442f, pixels.data()[2]);
        assertEquals(0.49636951088905334f, pixels.data()[pixels.numel() - 1]);

        LongTensor tokens = Npy.readLong(shared("openclip/tiny-gelu/text_tokens.npy"));
        assertArrayEquals(new int[] {10, 77}, tokens.shape());
        long total = 0;
        for (long v : tokens.data()) total += v;
        assertEquals(1668948L, total);
        assertArrayEquals(new long[] {49406, 320, 1125, 539, 320, 4044, 318, 6491, 269, 49407},
                java.util.Arrays.copyOf(tokens.data(), 10));
        // text 4 is the empty string: start, end, then padding
        assertArrayEquals(new long[] {49406, 49407, 0}, java.util.Arrays.copyOfRange(tokens.data(), 4 * 77, 4 * 77 + 3));
    }
}
