package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.HostTensor;
import org.jfsac.core.io.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** State dicts kept side by side in one checkpoint ({@link CheckpointReader#readNested}). */
class NestedStateDictTest {
    @TempDir Path tmp;

    /** {"epoch": 3, "a": OrderedDict(w=[1, 2]), "b": OrderedDict(v=[3])}, storages 0 and 1. */
    private Path twoDicts() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict().mark()
                .unicode("epoch").binint(3)
                .unicode("a").global("collections", "OrderedDict").emptyTuple().reduce()
                .unicode("w").tensor("0", "FloatStorage", 2, 0, new int[]{2}, new int[]{1}).setitem()
                .unicode("b").global("collections", "OrderedDict").emptyTuple().reduce()
                .unicode("v").tensor("1", "FloatStorage", 1, 0, new int[]{1}, new int[]{1}).setitem()
                .setitems().stop().bytes();
        return ZipBuilder.checkpoint(tmp.resolve("two.pt"), pickle, ZipBuilder.floats(1, 2), ZipBuilder.floats(3));
    }

    @Test
    void flattensTheNamedDictsAndIgnoresOtherEntries() throws IOException {
        LinkedHashMap<String, HostTensor> t = CheckpointReader.readNested(twoDicts(), List.of("a", "b"));
        assertEquals(List.of("a.w", "b.v"), List.copyOf(t.keySet()));
        assertArrayEquals(new float[]{1, 2}, t.get("a.w").data());
        assertArrayEquals(new float[]{3}, t.get("b.v").data());
    }

    @Test
    void refusesAMissingOrNonDictEntryInOneLine() throws IOException {
        Path f = twoDicts();
        TensorFormatException missing = assertThrows(TensorFormatException.class, () -> CheckpointReader.readNested(f, List.of("a", "c")));
        assertTrue(missing.getMessage().contains(f + ": no 'c' entry"), missing.getMessage());
        TensorFormatException notDict = assertThrows(TensorFormatException.class, () -> CheckpointReader.readNested(f, List.of("epoch")));
        assertTrue(notDict.getMessage().contains("entry 'epoch' is not a dict"), notDict.getMessage());
        assertFalse(notDict.getMessage().contains("\n"));
    }
}
