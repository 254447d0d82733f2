package org.jfsac.clip.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle opcodes by hand, so tests can build exactly the (hostile) byte streams they need
 * without Python. Opcode values are those of CPython's pickle module (protocol 2, plus the few
 * protocol 4 ones used here).
 */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBuilder op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBuilder proto(int version) { return op(0x80).op(version); }
    PickleBuilder mark() { return op('('); }
    PickleBuilder stop() { return op('.'); }
    PickleBuilder emptyDict() { return op('}'); }
    PickleBuilder emptyTuple() { return op(')'); }
    PickleBuilder tuple() { return op('t'); }
    PickleBuilder tuple1() { return op(0x85); }
    PickleBuilder reduce() { return op('R'); }
    PickleBuilder setitem() { return op('s'); }
    PickleBuilder setitems() { return op('u'); }
    PickleBuilder newFalse() { return op(0x89); }
    PickleBuilder binpersid() { return op('Q'); }
    PickleBuilder build() { return op('b'); }
    PickleBuilder stackGlobal() { return op(0x93); }

    PickleBuilder global(String module, String name) {
        op('c');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBuilder inst(String module, String name) {
        op('i');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBuilder unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').int32(b.length).raw(b);
    }

    /** BINUNICODE whose length prefix claims {@code claimed} bytes regardless of what follows. */
    PickleBuilder unicodeClaiming(long claimed) {
        return op('X').int32((int) claimed);
    }

    PickleBuilder binint(int v) {
        return op('J').int32(v);
    }

    PickleBuilder ints(int... values) {
        mark();
        for (int v : values) binint(v);
        return tuple();
    }

    /**
     * A tensor exactly as torch.save pickles it: _rebuild_tensor_v2((persistent storage id), offset,
     * size, stride, requires_grad=False, backward_hooks=OrderedDict()).
     */
    PickleBuilder tensor(String storageKey, String storageType, int numel, int offset, int[] size, int[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().unicode("storage").global("torch", storageType).unicode(storageKey).unicode("cpu").binint(numel).tuple().binpersid();
        binint(offset).ints(size).ints(stride).newFalse();
        global("collections", "OrderedDict").emptyTuple().reduce();
        return tuple().reduce();
    }

    private PickleBuilder int32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
        return this;
    }

    PickleBuilder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] bytes() { return out.toByteArray(); }
}
