package org.jfsac.gpu.opencl;

import org.jfsac.core.backend.BackendException;
import org.jfsac.gpu.KernelSources;

/**
 * GEMM by our own kernel (gemm.cu's gemm_tiled: shared-memory tiles of GEMM_TS, GEMM_RT x GEMM_RT items per group),
 * the counterpart of CUDA's TiledGemm: used where CLBlast does not load or declines a shape. The caller holds the
 * backend's lock and has checked the arguments.
 */
final class ClTiledGemm {
    private static final int GEMM_TS = KernelSources.intDefine("gemm.cu", "GEMM_TS");
    private static final int GEMM_RT = KernelSources.intDefine("gemm.cu", "GEMM_RT");

    private ClTiledGemm() {}

    static void run(OpenClBackend backend, String what, boolean transA, boolean transB, int m, int n, int k, float alpha,
                    ClBuffer a, int aOff, int lda, int strideA, ClBuffer b, int bOff, int ldb, int strideB,
                    float beta, ClBuffer c, int cOff, int ldc, int strideC, int batch) {
        if (backend.maxWorkGroup() < (long) GEMM_RT * GEMM_RT) {
            throw new BackendException(what + ": device work-groups hold " + backend.maxWorkGroup() + " items, gemm_tiled needs "
                    + GEMM_RT * GEMM_RT);
        }
        backend.kernel("gemm.cu", "gemm_tiled").arg(transA).arg(transB).arg(m).arg(n).arg(k).arg(alpha)
                .arg(a).arg(aOff).arg(lda).arg(strideA).arg(b).arg(bOff).arg(ldb).arg(strideB)
                .arg(beta).arg(c).arg(cOff).arg(ldc).arg(strideC)
                .run(new long[]{OpenClBackend.ceilDiv(n, GEMM_TS), OpenClBackend.ceilDiv(m, GEMM_TS), batch}, new long[]{GEMM_RT, GEMM_RT, 1});
    }
}
