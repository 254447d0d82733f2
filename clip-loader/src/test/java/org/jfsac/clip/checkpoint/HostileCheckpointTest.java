package org.jfsac.clip.checkpoint;

import org.jfsac.clip.Fixtures;
import org.jfsac.core.io.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Malicious and damaged checkpoints, built byte by byte here. Each must fail with a message naming
 * the file and the problem, and none may run anything: the code-execution cases point a shell
 * command at a marker file and check that it was never created.
 */
class HostileCheckpointTest {
    @TempDir Path tmp;

    /**
     * read() refuses the file with a message naming it and the problem; shapes() and stream() refuse it
     * with the very same message (every case here is caught before any tensor data would be read).
     */
    private TensorFormatException refused(Path file, String... fragments) {
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "mentions '" + f + "': " + e.getMessage());
        assertEquals(e.getMessage(), assertThrows(TensorFormatException.class, () -> CheckpointReader.shapes(file)).getMessage());
        assertEquals(e.getMessage(), assertThrows(TensorFormatException.class,
                () -> CheckpointReader.stream(file, (name, t) -> fail("delivered " + name))).getMessage());
        return e;
    }

    private Path zip(String name, byte[] pickle, byte[]... storages) throws IOException {
        return ZipBuilder.checkpoint(tmp.resolve(name), pickle, storages);
    }

    @Test
    void osSystemIsRefusedAndNeverRuns() throws IOException {
        Path marker = tmp.resolve("pwned");
        byte[] pickle = new PickleBuilder().proto(2)
                .global("os", "system").unicode("touch " + marker).tuple1().reduce().stop().bytes();
        refused(zip("evil.pt", pickle), "refusing to load global 'os.system'");
        assertFalse(Files.exists(marker));
    }

    @Test
    void posixSystemInsideAStateDictIsRefused() throws IOException {
        Path marker = tmp.resolve("pwned");
        byte[] pickle = new PickleBuilder().proto(2).global("collections", "OrderedDict").emptyTuple().reduce()
                .mark()
                .unicode("w").tensor("0", "FloatStorage", 2, 0, new int[] {2}, new int[] {1})
                .unicode("x").global("posix", "system").unicode("touch " + marker).tuple1().reduce()
                .setitems().stop().bytes();
        refused(zip("evil2.pt", pickle, ZipBuilder.floats(1, 2)), "refusing to load global 'posix.system'");
        assertFalse(Files.exists(marker));
    }

    @Test
    void builtinsEvalThroughStackGlobalIsRefused() throws IOException {
        byte[] pickle = new PickleBuilder().proto(4)
                .unicode("builtins").unicode("eval").stackGlobal()
                .unicode("__import__('os').system('false')").tuple1().reduce().stop().bytes();
        refused(zip("evil3.pt", pickle), "refusing to load global 'builtins.eval'");
    }

    @Test
    void subprocessPopenThroughInstIsRefused() throws IOException {
        Path marker = tmp.resolve("pwned");
        byte[] pickle = new PickleBuilder().proto(2)
                .mark().unicode("touch " + marker).inst("subprocess", "Popen").stop().bytes();
        refused(zip("evil4.pt", pickle), "refusing to load global 'subprocess.Popen'");
        assertFalse(Files.exists(marker));
    }

    @Test
    void unknownGlobalIsRefused() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).global("mymodule", "Thing").emptyTuple().reduce().stop().bytes();
        refused(zip("unknown.pt", pickle), "refusing to load global 'mymodule.Thing'");
    }

    @Test
    void storageShorterThanItsTensor() throws IOException {
        // the storage really holds 4 floats, but the tensor view asks for 10
        byte[] pickle = stateDict("w", "0", 4, new int[] {10}, new int[] {1});
        refused(zip("short.pt", pickle, ZipBuilder.floats(1, 2, 3, 4)), "tensor 'w'", "needs 10 elements", "holds only 4");
    }

    @Test
    void storageEntrySmallerThanDeclared() throws IOException {
        // the pickle declares 10 floats (40 bytes) but the archive entry has 16 bytes
        byte[] pickle = stateDict("w", "0", 10, new int[] {10}, new int[] {1});
        refused(zip("lying.pt", pickle, ZipBuilder.floats(1, 2, 3, 4)), "storage '0'", "declares 10", "holds 16 bytes");
    }

    @Test
    void strideOverflowIsCaught() throws IOException {
        byte[] pickle = stateDict("w", "0", 4, new int[] {2, 2}, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE});
        refused(zip("stride.pt", pickle, ZipBuilder.floats(1, 2, 3, 4)), "tensor 'w'", "needs");
    }

    @Test
    void missingStorageEntry() throws IOException {
        byte[] pickle = stateDict("w", "7", 4, new int[] {4}, new int[] {1});
        refused(zip("missing.pt", pickle, ZipBuilder.floats(1, 2, 3, 4)), "storage '7' is missing");
    }

    @Test
    void truncatedZip() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.openclip("tiny-gelu/model.pt"));
        Path cut = tmp.resolve("truncated.pt");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        refused(cut, "not a readable zip archive");
    }

    @Test
    void corruptPickle() throws IOException {
        refused(zip("garbage.pt", new byte[] {(byte) 0x80, 2, (byte) 0xFF, 0x13, 0x37}), "corrupt data.pkl");
        refused(zip("early-end.pt", new PickleBuilder().proto(2).emptyDict().mark().bytes()), "corrupt data.pkl");
    }

    @Test
    void stringLengthBombIsRefusedBeforeAllocating() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).unicodeClaiming(0x7FFF_FFF0L).raw(new byte[10]).stop().bytes();
        refused(zip("bomb.pt", pickle), "claims 2147483632 bytes");
    }

    @Test
    void archiveWithoutDataPkl() throws IOException {
        Path f = tmp.resolve("nopkl.pt");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("something/else"));
            zip.closeEntry();
        }
        refused(f, "data.pkl");
    }

    @Test
    void nonTensorEntriesAndMissingStateDict() throws IOException {
        byte[] noStateDict = new PickleBuilder().proto(2).emptyDict()
                .unicode("epoch").binint(3).setitem().stop().bytes();
        refused(zip("nosd.pt", noStateDict), "no state dict found", "epoch");
        byte[] mixed = new PickleBuilder().proto(2).emptyDict()
                .unicode("state_dict").emptyDict()
                .unicode("w").tensor("0", "FloatStorage", 1, 0, new int[] {1}, new int[] {1}).setitem()
                .unicode("step").binint(3).setitem()
                .setitem().stop().bytes();
        refused(zip("mixed.pt", mixed, ZipBuilder.floats(5)), "entry 'step' is not a tensor");
    }

    @Test
    void legacyAndUnknownFormats() throws IOException {
        Path legacy = tmp.resolve("legacy.pt");
        Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20});
        refused(legacy, "legacy");
        Path text = tmp.resolve("notes.bin");
        Files.writeString(text, "hello world, not weights");
        refused(text, "unrecognised format");
    }

    /** {name: tensor} where the tensor is a view (size, stride) of storage {@code key} declared with {@code numel} floats. */
    private static byte[] stateDict(String name, String key, int numel, int[] size, int[] stride) {
        return new PickleBuilder().proto(2).emptyDict()
                .unicode(name).tensor(key, "FloatStorage", numel, 0, size, stride).setitem()
                .stop().bytes();
    }
}
