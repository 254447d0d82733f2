package org.jfsac.gpu;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.ReduceOp;
import org.jfsac.core.backend.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel sources as a contract: op codes, includes, launch constants and traffic notes. */
class KernelSourcesTest {
    static final List<String> FAMILIES = List.of("elementwise.cu", "reduce.cu", "softmax.cu", "layernorm.cu", "gemm.cu",
            "attention.cu", "indexing.cu", "adam.cu");

    /** The kernels switch on enum ordinals: the #define lists must name every constant at its ordinal. */
    @Test void opCodesAreTheEnumOrdinals() {
        checkCodes("elementwise.cu", "UOP_", UnaryOp.values());
        checkCodes("elementwise.cu", "BOP_", BinaryOp.values());
        checkCodes("reduce.cu", "ROP_", ReduceOp.values());
    }

    private static void checkCodes(String file, String prefix, Enum<?>[] values) {
        Map<String, String> defs = KernelSources.defines(file);
        long count = defs.keySet().stream().filter(k -> k.startsWith(prefix)).count();
        assertEquals(values.length, count, file + " defines " + count + " " + prefix + " codes for " + values.length + " enum constants");
        for (Enum<?> e : values)
            assertEquals(Integer.toString(e.ordinal()), defs.get(prefix + e.name()), file + ": " + prefix + e.name());
    }

    @Test void expandedSourcesInlineEachHeaderOnce() {
        for (String f : FAMILIES) {
            String src = KernelSources.expanded(f);
            assertFalse(src.contains("#include \""), f + " still has an include");
            assertEquals(1, count(src, "#define JFSAC_PORTABILITY_H"), f + " must contain portability.h exactly once");
        }
    }

    /** Every kernel says what it moves (the llm.c convention), so its speed can be judged against bandwidth. */
    @Test void everyKernelHasATrafficNoteAndIsUnmangledInCuda() {
        Pattern kernel = Pattern.compile("KERNEL void (\\w+)\\(");
        for (String f : FAMILIES) {
            String raw = KernelSources.raw(f);
            Matcher m = kernel.matcher(raw);
            int found = 0, prev = 0;
            while (m.find()) {
                found++;
                // between the previous kernel and this one: its own comment (or the file header for one-kernel files)
                assertTrue(raw.substring(prev, m.start()).contains("Traffic"), f + ": kernel " + m.group(1) + " has no traffic note");
                prev = m.end();
            }
            assertTrue(found > 0, f + " defines no kernel");
        }
        assertTrue(KernelSources.raw("portability.h").contains("#define KERNEL          extern \"C\" __global__"));
    }

    @Test void launchConstantsAreReadable() {
        assertEquals(64, KernelSources.intDefine("gemm.cu", "GEMM_TS"));
        assertEquals(KernelSources.intDefine("gemm.cu", "GEMM_TS"),
                KernelSources.intDefine("gemm.cu", "GEMM_RT") * 4, "GEMM_WPT = 4");
        assertThrows(IllegalStateException.class, () -> KernelSources.intDefine("gemm.cu", "NO_SUCH"));
        assertThrows(IllegalStateException.class, () -> KernelSources.raw("missing.cu"));
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
