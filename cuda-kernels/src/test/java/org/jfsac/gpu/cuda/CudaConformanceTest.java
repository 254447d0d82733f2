package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.conformance.AdamConformance;
import org.jfsac.core.backend.conformance.AttentionConformance;
import org.jfsac.core.backend.conformance.ContractConformance;
import org.jfsac.core.backend.conformance.ElementwiseConformance;
import org.jfsac.core.backend.conformance.GemmConformance;
import org.jfsac.core.backend.conformance.IndexingConformance;
import org.jfsac.core.backend.conformance.ReductionConformance;
import org.jfsac.core.backend.conformance.RowsConformance;
import org.junit.jupiter.api.Nested;

/**
 * The backend conformance suite on CUDA device 0 (default options: cuBLAS where it loads, else our tiled GEMM;
 * launches synchronised so that a fault names its kernel). Skips where there is no CUDA device.
 */
class CudaConformanceTest {
    static Backend backend() { return CudaTestSupport.backend(); }

    @Nested class Elementwise extends ElementwiseConformance {}
    @Nested class Reductions extends ReductionConformance {}
    @Nested class Rows extends RowsConformance {}
    @Nested class Gemm extends GemmConformance {}
    @Nested class Attention extends AttentionConformance {}
    @Nested class Indexing extends IndexingConformance {}
    @Nested class Adam extends AdamConformance {}
    @Nested class Contract extends ContractConformance {}
}
