package org.jfsac.gpu.opencl;

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

/** The backend conformance suite on OpenCL device 0 with GPU-style launches and kernel forms (what real GPUs, and the CUDA path from the same sources, run), forced on whatever device is there (PoCL in CI), GEMM by our gemm_tiled kernel. */
class OpenClGpuLaunchConformanceTest {
    static Backend backend() { return OpenClTestSupport.backend(OpenClOptions.DEFAULT.withLaunch(OpenClOptions.LaunchStyle.GPU).withGemm(OpenClOptions.GemmChoice.KERNEL)); }

    @Nested class Elementwise extends ElementwiseConformance {}
    @Nested class Reductions extends ReductionConformance {}
    @Nested class Rows extends RowsConformance {}
    @Nested class Gemm extends GemmConformance {}
    @Nested class Attention extends AttentionConformance {}
    @Nested class Indexing extends IndexingConformance {}
    @Nested class Adam extends AdamConformance {}
    @Nested class Contract extends ContractConformance {}
}
