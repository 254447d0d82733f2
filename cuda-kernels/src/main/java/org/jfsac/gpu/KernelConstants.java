package org.jfsac.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers the host code of both GPU backends shares with the kernels, read from the kernel sources
 * ({@link KernelSources#intDefine}) so that each is written down once, in the kernel that depends on it.
 */
public final class KernelConstants {
    private KernelConstants() {}

    /** Local size of the flat (one item per element) launches on GPUs (portability.h). */
    public static final int FLAT_WG = KernelSources.intDefine("portability.h", "FLAT_WG");

    /** Local size of the one-group-per-row kernels on GPUs (group_reduce.h; OpenCL CPU forms override it). */
    public static final int ROW_WG = KernelSources.intDefine("group_reduce.h", "ROW_WG");

    /** Rows per chunk of the layer-norm weight and bias gradient partial sums (layernorm.cu). */
    public static final int LN_ROWS_PER_CHUNK = KernelSources.intDefine("layernorm.cu", "LN_ROWS_PER_CHUNK");

    /** Query rows per group (forward, dq) and key rows per group (dk/dv) of attention.cu. */
    public static final int ATT_BQ = KernelSources.intDefine("attention.cu", "ATT_BQ");
    public static final int ATT_BK = KernelSources.intDefine("attention.cu", "ATT_BK");

    /** The head-size bound attention.cu compiles with by default (the plain attention module). */
    public static final int ATT_HEAD_DEFAULT = KernelSources.intDefine("attention.cu", "ATT_HEAD_MAX");

    /** Every head-size bound the hosts build attention.cu with: the powers of two between the source's limits. */
    public static final List<Integer> ATT_HEAD_BOUNDS = powersOfTwo(KernelSources.intDefine("attention.cu", "ATT_HEAD_BOUND_MIN"),
            KernelSources.intDefine("attention.cu", "ATT_HEAD_BOUND_MAX"));

    private static List<Integer> powersOfTwo(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int b = from; b <= to; b *= 2) l.add(b);
        return List.copyOf(l);
    }

    /** The smallest head-size bound that holds d, or -1 when d exceeds them all. */
    public static int attentionBound(int d) {
        for (int b : ATT_HEAD_BOUNDS) if (d <= b) return b;
        return -1;
    }
}
