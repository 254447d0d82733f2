package org.jfsac.clip.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian, C-order .npy arrays of the OpenCLIP fixtures (tests only). */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public final String dtype;
    public final int[] shape;
    private final ByteBuffer data;

    private Npy(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (all.get(0) != (byte) 0x93 || all.get(1) != 'N') {
            throw new IOException(file + ": not a .npy file");
        }
        int major = all.get(6);
        int headerLength = major == 1 ? Short.toUnsignedInt(all.getShort(8)) : all.getInt(8);
        int headerStart = major == 1 ? 10 : 12;
        String header = new String(all.array(), headerStart, headerLength, StandardCharsets.US_ASCII);
        if (header.contains("'fortran_order': True")) {
            throw new IOException(file + ": Fortran order not supported");
        }
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IOException(file + ": bad .npy header " + header);
        }
        dtype = d.group(1);
        shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        data = all.position(headerStart + headerLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static Npy read(Path file) throws IOException {
        return new Npy(file);
    }

    public int size() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    public long[] int64() {
        require("<i8");
        long[] out = new long[size()];
        data.asLongBuffer().get(out);
        return out;
    }

    public float[] float32() {
        require("<f4");
        float[] out = new float[size()];
        data.asFloatBuffer().get(out);
        return out;
    }

    private void require(String expected) {
        if (!dtype.equals(expected)) {
            throw new IllegalStateException("array is " + dtype + ", not " + expected);
        }
    }
}
