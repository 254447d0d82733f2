package org.jfsac.gpu.cuda;

import java.util.Arrays;
import java.util.List;

/**
 * A kernel's name, the PTX module (source file) that holds it, and its parameter types: the Java side
 * of the kernel ABI. {@link KernelLauncher} checks every launch's arguments against it, and a test
 * checks it against the {@code .entry} declarations of the packaged PTX, so a mismatch between the
 * Java launch code and a kernel source fails the build even on a machine without a GPU.
 */
record Kernel(String module, String name, List<Param> params) {

    /** Kernel parameter types as PTX declares them. */
    enum Param {
        /** a device pointer (PTX .u64) */ PTR(".u64"),
        /** a 32-bit int (PTX .u32 or .s32) */ INT(".u32"),
        /** a 64-bit int (PTX .u64) */ LONG(".u64"),
        /** a float (PTX .f32) */ FLOAT(".f32");

        final String ptxType;

        Param(String ptxType) { this.ptxType = ptxType; }
    }

    static Kernel of(String module, String name, Param... params) {
        return new Kernel(module, name, List.copyOf(Arrays.asList(params)));
    }

    /** The same kernel from another module: a variant of its source built with other settings. */
    Kernel inModule(String variantModule) {
        return new Kernel(variantModule, name, params);
    }

    /** Parses a compact signature, one letter a parameter: p pointer, i int, l long, f float. */
    static Kernel of(String module, String name, String signature) {
        Param[] ps = new Param[signature.length()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = switch (signature.charAt(i)) {
                case 'p' -> Param.PTR;
                case 'i' -> Param.INT;
                case 'l' -> Param.LONG;
                case 'f' -> Param.FLOAT;
                default -> throw new IllegalArgumentException("bad signature letter in " + signature + " of " + name);
            };
        }
        return of(module, name, ps);
    }
}
