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

/** The backend conformance suite on OpenCL device 0 with CPU-style launches and kernel forms (what PoCL runs by default), GEMM by CLBlast where it loads. */
class OpenClCpuLaunchConformanceTest {
    static Backend backend() { return OpenClTestSupport.backend(OpenClOptions.DEFAULT.withLaunch(OpenClOptions.LaunchStyle.CPU)); }

    @Nested class Elementwise extends ElementwiseConformance {}
    @Nested class Reductions extends ReductionConformance {}
    @Nested class Rows extends RowsConformance {}
    @Nested class Gemm extends GemmConformance {}
    @Nested class Attention extends AttentionConformance {}
    @Nested class Indexing extends IndexingConformance {}
    @Nested class Adam extends AdamConformance {}
    @Nested class Contract extends ContractConformance {}
}
