package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pickles and archives that try to make the loader hang, run out of memory or overflow its stack
 * (issue 11, defects 1 and 11). Each is built here, small, and must be refused within seconds with
 * one short line naming the file and the limit. Against the loader before these limits each of
 * them hung, overflowed the stack, ran past the timeout or loaded silently.
 */
class PickleBombTest {
    @TempDir Path tmp;

    /** Refused within 20 s (the old loader ran for minutes or forever) with one bounded line. */
    private String refused(Path file, String... fragments) {
        TensorFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(TensorFormatException.class, () -> CheckpointReader.read(file)));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        assertTrue(m.length() < 1000, "bounded: " + m.length() + " characters");
        assertFalse(m.contains("\n"), "one line: " + m);
        for (String f : fragments) assertTrue(m.contains(f), "mentions '" + f + "': " + m);
        return m;
    }

    private Path zip(String name, byte[] pickle, byte[]... storages) throws IOException {
        return ZipBuilder.checkpoint(tmp.resolve(name), pickle, storages);
    }

    /** memo[0] = []; then n times memo[0] = [memo[0], memo[0]]; pushes memo[0]: 2^n paths through n+1 lists ("billion laughs"). */
    private static PickleBuilder laughs(PickleBuilder p, int n) {
        p.op(']').op('q').op(0).op('0');
        for (int i = 0; i < n; i++) p.mark().op('h').op(0).op('h').op(0).op('l').op('q').op(0).op('0');
        return p.op('h').op(0);
    }

    @Test
    void sharedReferenceBombAsDictKeyIsNotHashed() throws IOException {
        byte[] pickle = laughs(new PickleBuilder().proto(2).emptyDict(), 100).op('N').setitem().stop().bytes();
        refused(zip("laughs-key.pt", pickle), "dict key is a list");
    }

    @Test
    void sharedReferenceBombAsPersistentIdIsNotPrinted() throws IOException {
        byte[] pickle = laughs(new PickleBuilder().proto(2), 100).binpersid().stop().bytes();
        refused(zip("laughs-pid.pt", pickle), "unsupported persistent id");
    }

    @Test
    void deepNestingIsRefusedAtTheLimit() throws IOException {
        int n = 200_000;
        PickleBuilder p = new PickleBuilder().proto(2);
        for (int i = 0; i < n; i++) p.mark();
        for (int i = 0; i < n; i++) p.op('l');
        // used as a persistent id, the old loader printed it recursively: StackOverflowError
        refused(zip("deep.pt", p.binpersid().stop().bytes()), "nests containers 1001 deep", "jfsac.limit.nesting-depth");
        PickleBuilder t = new PickleBuilder().proto(2).emptyTuple();
        for (int i = 0; i < n; i++) t.tuple1();
        refused(zip("deep-tuple.pt", t.binpersid().stop().bytes()), "nests containers 1001 deep");
    }

    @Test
    void hugeIntegerLiteralIsRefusedBeforeParsing() throws IOException {
        byte[] digits = new byte[2_000_000];
        Arrays.fill(digits, (byte) '7');
        byte[] text = new PickleBuilder().proto(2).op('L').raw(digits).raw("L\n".getBytes()).stop().bytes();
        refused(zip("long.pt", text), "integer literal longer than", "jfsac.limit.integer-digits");
        byte[] binary = new PickleBuilder().proto(2).op(0x8b).raw(le32(1_000_000)).raw(new byte[1_000_000]).stop().bytes();
        refused(zip("long4.pt", binary), "integer of 1000000 bytes");
    }

    @Test
    void pickleLargerThanItsDeclaredSizeIsCutOff() throws IOException {
        // 8 MB of "None, pop" opcodes behind an archive record that claims 100 bytes
        byte[] pickle = new byte[8 << 20];
        for (int i = 0; i < pickle.length; i += 2) {
            pickle[i] = 'N';
            pickle[i + 1] = '0';
        }
        pickle[0] = (byte) 0x80;
        pickle[1] = 2;
        Path f = zip("inflates.pt", pickle);
        patchDeclaredSize(f, "archive/data.pkl", 100);
        refused(f, "data.pkl", "more than the 100 bytes it declares");
    }

    @Test
    void pickleOverTheByteLimitIsRefusedUnread() throws IOException {
        Path f = tmp.resolve("big.pt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'N');
            for (int i = 0; i < 65; i++) z.write(block);
            z.closeEntry();
        }
        refused(f, "data.pkl has 68157440 bytes", "jfsac.limit.pickle-bytes");
    }

    @Test
    void objectAndMemoCountsAreBounded() throws IOException {
        // 5,000,001 Nones on the stack: each opcode one byte, the heap many times that
        byte[] many = new byte[5_000_004];
        Arrays.fill(many, (byte) 'N');
        many[0] = (byte) 0x80;
        many[1] = 2;
        many[many.length - 1] = '.';
        refused(zip("objects.pt", many), "creates more than 5000000 objects", "jfsac.limit.pickle-objects");
        PickleBuilder memo = new PickleBuilder().proto(4).op('N');
        for (int i = 0; i < 1_000_001; i++) memo.op(0x94); // MEMOIZE
        refused(zip("memo.pt", memo.stop().bytes()), "memoizes more than 1000000", "jfsac.limit.pickle-memo");
    }

    @Test
    void setsAreRefused() throws IOException {
        refused(zip("set.pt", new PickleBuilder().proto(4).op(0x8f).stop().bytes()), "holds a set");
    }

    @Test
    void bitFlipInAStorageFailsItsCrc() throws IOException {
        float[] w = new float[64];
        for (int i = 0; i < w.length; i++) w[i] = 0.25f * i + 1;
        byte[] storage = ZipBuilder.floats(w);
        byte[] pickle = new PickleBuilder().proto(2).emptyDict()
                .unicode("w").tensor("0", "FloatStorage", 64, 0, new int[] {64}, new int[] {1}).setitem().stop().bytes();
        Path f = tmp.resolve("flipped.pt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            stored(z, "archive/data.pkl", pickle);
            stored(z, "archive/data/0", storage);
        }
        assertEquals(64, CheckpointReader.read(f).get("w").data().length, "intact file loads");
        byte[] bytes = Files.readAllBytes(f);
        int at = indexOf(bytes, Arrays.copyOfRange(storage, 80, 96));
        assertTrue(at > 0);
        bytes[at + 3] ^= 0x10;
        Files.write(f, bytes);
        refused(f, "storage '0' fails its CRC-32 check");
        // shapes alone never read the storage, so they still come back
        assertEquals(1, CheckpointReader.shapes(f).size());
    }

    @Test
    void bitFlipInThePickleFailsItsCrc() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict()
                .unicode("weight").tensor("0", "FloatStorage", 1, 0, new int[] {1}, new int[] {1}).setitem().stop().bytes();
        Path f = tmp.resolve("flipped-pkl.pt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            stored(z, "archive/data.pkl", pickle);
            stored(z, "archive/data/0", ZipBuilder.floats(1));
        }
        byte[] bytes = Files.readAllBytes(f);
        int at = indexOf(bytes, "weight".getBytes(StandardCharsets.US_ASCII));
        bytes[at] = 'v'; // still a valid pickle, a different name
        Files.write(f, bytes);
        refused(f, "data.pkl fails its CRC-32 check");
    }

    private static void stored(ZipOutputStream z, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    /** Rewrites the uncompressed size that the central directory records for {@code entry}. */
    private static void patchDeclaredSize(Path zip, String entry, int size) throws IOException {
        byte[] b = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        boolean patched = false;
        for (int i = 0; i + 46 < b.length; i++) {
            if (buf.getInt(i) != 0x02014b50) continue;
            int nameLength = buf.getShort(i + 28) & 0xFFFF;
            if (Arrays.equals(Arrays.copyOfRange(b, i + 46, i + 46 + nameLength), name)) {
                buf.putInt(i + 24, size);
                patched = true;
            }
        }
        assertTrue(patched);
        Files.write(zip, b);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }


    /** Issue 11, defect 6: weights full of inf or NaN are refused as they load, naming the tensor. */
    @Test
    void nonFiniteWeightsAreRefusedNamingTheTensor() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict()
                .unicode("visual.proj").tensor("0", "FloatStorage", 3, 0, new int[] {3}, new int[] {1}).setitem().stop().bytes();
        String m = refused(zip("inf.pt", pickle, ZipBuilder.floats(1, Float.POSITIVE_INFINITY, 2)),
                "tensor 'visual.proj' holds a non-finite value (Infinity at flat index 1)");
        assertTrue(m.startsWith("checkpoint "), m);
        refused(zip("nan.pt", pickle, ZipBuilder.floats(Float.NaN, 0, 0)), "'visual.proj' holds a non-finite value (NaN");
    }

    /** Issue 11, defect 10: a directory or device is not "not found". */
    @Test
    void directoryOrDeviceGetsItsRealReason() throws IOException {
        refused(tmp, "is a directory");
        Path dev = Path.of("/dev/zero");
        if (Files.exists(dev)) refused(dev, "not a regular file");
    }
}
