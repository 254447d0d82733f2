package org.jfsac.gpu.cuda;

import org.jfsac.core.backend.View;

/** Host side of attention.cu. */
final class CudaAttention {
    private final CudaBackend backend;

    CudaAttention(CudaBackend backend) {
        this.backend = backend;
    }

    void forward(View q, View k, View v, View out, CudaBuffer lse, CudaBuffer mask, float scale, boolean causal) {
        throw new UnsupportedOperationException("cuda attention: waiting for attention.cu");
    }

    void backward(View q, View k, View v, View out, CudaBuffer lse, View gout, CudaBuffer mask, float scale,
                  boolean causal, CudaBuffer gq, CudaBuffer gk, CudaBuffer gv) {
        throw new UnsupportedOperationException("cuda attention: waiting for attention.cu");
    }
}
