package org.jfsac.gpu.cuda;

import java.util.ArrayList;
import java.util.List;
import org.jfsac.gpu.KernelConstants;

/**
 * Signatures of the kernels in the shared sources (src/main/kernels/*.cu, the same files the OpenCL
 * backend builds): module = file name, one letter a parameter (p pointer, i int, l long, f float).
 * PtxSignatureTest checks each against the packaged PTX.
 */
final class CudaKernels {
    private CudaKernels() {}

    /** Every module (PTX file) the backend loads at open. */
    static final List<String> MODULES = modules();

    private static List<String> modules() {
        List<String> m = new ArrayList<>(List.of("elementwise", "reduce", "softmax", "layernorm", "indexing", "adam",
                "gemm_cuda"));
        for (int bound : KernelConstants.ATT_HEAD_BOUNDS) m.add(attentionModule(bound));
        return List.copyOf(m);
    }

    /**
     * The attention module compiled with ATT_HEAD_MAX = bound: attention.ptx has the source's default, the others
     * are the variants of src/main/cuda/ptx-variants (PtxSignatureTest loads every one).
     */
    static String attentionModule(int bound) {
        return bound == KernelConstants.ATT_HEAD_DEFAULT ? "attention" : "attention_h" + bound;
    }

    /** Every kernel of every attention variant, for the PTX signature test. */
    static List<Kernel> attentionVariants() {
        List<Kernel> all = new ArrayList<>();
        for (int b : KernelConstants.ATT_HEAD_BOUNDS) {
            for (Kernel k : List.of(ATTENTION_FORWARD, ATTENTION_BACKWARD_DQ, ATTENTION_BACKWARD_DKDV)) {
                all.add(k.inModule(attentionModule(b)));
            }
        }
        return all;
    }

    // elementwise.cu: (…, meta, operand, operandOffset, …); outputs contiguous from outOff.
    static final Kernel UNARY_CONTIG = Kernel.of("elementwise", "unary_contig", "ifipipi");
    static final Kernel UNARY_STRIDED = Kernel.of("elementwise", "unary_strided", "ifippipi");
    static final Kernel BINARY_CONTIG = Kernel.of("elementwise", "binary_contig", "iipipipi");
    static final Kernel BINARY_STRIDED = Kernel.of("elementwise", "binary_strided", "iippipipi");
    static final Kernel WHERE_STRIDED = Kernel.of("elementwise", "where_strided", "ippipipipi");
    static final Kernel FILL_CONTIG = Kernel.of("elementwise", "fill_contig", "ifpi");
    static final Kernel FILL_STRIDED = Kernel.of("elementwise", "fill_strided", "ipfpi");
    static final Kernel COPY_STRIDED = Kernel.of("elementwise", "copy_strided", "ippipi");

    // reduce.cu: rows (inner == 1, one group per row) and columns (one item per output).
    static final Kernel REDUCE_ROWS = Kernel.of("reduce", "reduce_rows", "iipipi");
    static final Kernel REDUCE_COLS = Kernel.of("reduce", "reduce_cols", "iiiipipi");

    // softmax.cu: one group per row.
    static final Kernel SOFTMAX_FORWARD = Kernel.of("softmax", "softmax_forward", "iipp");
    static final Kernel SOFTMAX_BACKWARD = Kernel.of("softmax", "softmax_backward", "iippp");

    // layernorm.cu
    static final Kernel LAYERNORM_FORWARD = Kernel.of("layernorm", "layernorm_forward", "ifppipippp");
    static final Kernel LAYERNORM_BACKWARD_X = Kernel.of("layernorm", "layernorm_backward_x", "ippipppp");
    static final Kernel LAYERNORM_BACKWARD_WB = Kernel.of("layernorm", "layernorm_backward_wb", "iiipppppipi");

    // indexing.cu
    static final Kernel GATHER_ROWS = Kernel.of("indexing", "gather_rows", "iipipipi");
    static final Kernel SCATTER_ADD_ROWS = Kernel.of("indexing", "scatter_add_rows", "iipipipipipi");

    // adam.cu
    static final Kernel ADAM_STEP = Kernel.of("adam", "adam_step", "ippppffffiff");

    // attention.cu: views as (pointer, offset, stride B, stride H, stride T) = "piiii". Launched from the
    // variant module that fits the head size (Kernel.inModule).
    static final Kernel ATTENTION_FORWARD = Kernel.of("attention", "attention_forward",
            "iiiifi" + "piiii" + "piiii" + "piiii" + "pi" + "piiii" + "p");
    static final Kernel ATTENTION_BACKWARD_DQ = Kernel.of("attention", "attention_backward_dq",
            "iiiifi" + "piiii" + "piiii" + "piiii" + "pi" + "piiii" + "piiii" + "ppp");
    static final Kernel ATTENTION_BACKWARD_DKDV = Kernel.of("attention", "attention_backward_dkdv",
            "iiiifi" + "piiii" + "piiii" + "piiii" + "pi" + "piiii" + "pppp");
}
