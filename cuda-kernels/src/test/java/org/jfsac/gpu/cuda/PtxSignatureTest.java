package org.jfsac.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The Java side of the kernel ABI against the packaged PTX, without a GPU: every kernel the backend
 * launches exists in its module with exactly the declared parameter types, and every module declares
 * a PTX ISA that CUDA 12 drivers accept. A kernel source that gains, loses or reorders a parameter
 * fails here rather than as a corrupted launch on a GPU.
 */
class PtxSignatureTest {

    /** Every Kernel constant of the classes that launch kernels. */
    static List<Kernel> declaredKernels() throws IllegalAccessException {
        List<Kernel> all = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {CudaKernels.class, TiledGemm.class, CublasGemm.class}) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == Kernel.class && Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    all.add((Kernel) f.get(null));
                }
            }
        }
        all.addAll(CudaKernels.attentionVariants());
        return all;
    }

    @Test
    void everyLaunchedKernelMatchesItsPtxEntry() throws Exception {
        List<Kernel> kernels = declaredKernels();
        assertTrue(kernels.size() >= 25, "found only " + kernels.size() + " kernel declarations");
        for (Kernel k : kernels) {
            assertTrue(CudaKernels.MODULES.contains(k.module()), k.name() + ": module " + k.module() + " is not preloaded");
            Map<String, List<String>> entries = PtxFiles.entries(PtxFiles.packaged(k.module()));
            List<String> types = entries.get(k.name());
            assertNotNull(types, "kernel " + k.name() + " not in " + k.module() + ".ptx (has " + entries.keySet() + ")");
            assertEquals(k.params().size(), types.size(), k.name() + ": parameter count, PTX has " + types);
            for (int i = 0; i < types.size(); i++) {
                String t = types.get(i);
                boolean ok = switch (k.params().get(i)) {
                    case PTR, LONG -> t.equals(".u64") || t.equals(".b64") || t.equals(".s64");
                    case INT -> t.equals(".u32") || t.equals(".s32") || t.equals(".b32");
                    case FLOAT -> t.equals(".f32");
                };
                assertTrue(ok, k.name() + " parameter " + i + ": Java declares " + k.params().get(i) + ", PTX has " + t);
            }
        }
    }

    @Test
    void everyModuleDeclaresAPtxIsaThatCuda12DriversLoad() {
        for (String module : CudaKernels.MODULES) {
            String ptx = PtxFiles.packaged(module);
            Matcher m = PtxFiles.VERSION.matcher(ptx);
            assertTrue(m.find(), module + ".ptx has no .version line");
            int major = Integer.parseInt(m.group(1)), minor = Integer.parseInt(m.group(2));
            // ISA 8.0 is what CUDA 12.0 introduced: every CUDA 12 driver JIT-compiles it.
            assertTrue(major < 8 || (major == 8 && minor == 0), module + ".ptx declares .version " + major + "." + minor);
            assertTrue(ptx.contains(".target sm_75"), module + ".ptx must target sm_75 (compute_75)");
            assertFalse(PtxFiles.entries(ptx).isEmpty(), module + ".ptx has no kernels");
        }
    }
}
