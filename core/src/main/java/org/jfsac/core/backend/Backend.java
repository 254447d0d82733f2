package org.jfsac.core.backend;

/**
 * The device contract. Every numerical op of the library is one method here; {@code Tensor} and the
 * autograd layer only orchestrate. The CPU backend is the reference implementation; every backend is
 * tested op by op by the conformance suite.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>All data is float32. Sizes, offsets and strides count elements. Index arrays ({@code int[]})
 *       live on the host and are copied by the backend if it needs them on the device.</li>
 *   <li>Inputs are {@link View}s (any strides, including 0 for broadcast dimensions, any offset).
 *       Outputs are either a contiguous {@link Buffer} (written from element 0) or, where the
 *       signature says so, a View. Output memory never aliases input memory unless stated.</li>
 *   <li>Ops may run asynchronously. Ordering between ops on one backend is program order (one
 *       in-order queue/stream). {@link #download} blocks until the data is ready; nothing else
 *       needs to. {@link #synchronize()} waits for everything queued.</li>
 *   <li>Buffers from {@link #allocate} have undefined contents. A backend should pool memory so that
 *       steady-state inference or training allocates nothing from the driver.</li>
 *   <li>Numerics: results must match a double-precision evaluation of these formulas to float32
 *       rounding: elementwise ops to 1e-5 relative, reductions, normalisations, GEMM and attention to
 *       1e-4 relative (summation order may differ). The conformance suite in core's test-jar
 *       ({@code org.jfsac.core.backend.conformance}) checks every backend, the CPU one included, this way.</li>
 *   <li>Argument errors ({@link Checks}, shared by the backends): an operand outside its buffer throws
 *       {@link IndexOutOfBoundsException}, bad sizes or shapes {@link IllegalArgumentException}, before any
 *       work. Ops over empty shapes do nothing.</li>
 *   <li>Thread safety: a backend may be called from several threads; calls from one thread are
 *       ordered. Implementations serialise internally if the device API needs it.</li>
 *   <li>Errors: a failing device call throws {@link BackendException} naming the op and shapes.</li>
 * </ul>
 */
public interface Backend {

    /** Short id such as {@code cpu}, {@code opencl:0}, {@code cuda:0}. */
    String name();

    /** Human-readable description (device name, GEMM provider). */
    String describe();

    // ---------------------------------------------------------------- memory

    /** A new buffer of {@code n} floats on this device (contents unspecified). */
    Buffer allocate(int n);

    /** Copies {@code n} floats from host memory into {@code dst} at {@code dstOffset}. */
    void upload(float[] src, int srcOffset, Buffer dst, int dstOffset, int n);

    /** Copies {@code n} floats from {@code src} at {@code srcOffset} into host memory. */
    void download(Buffer src, int srcOffset, float[] dst, int dstOffset, int n);

    /** Blocks until all queued work is done. */
    void synchronize();

    /** Sets every element of the (possibly strided) view to {@code value}. */
    void fill(View dst, float value);

    /** dst[i] = src[i] for views of equal shape (src may broadcast with stride 0). */
    void copy(View src, View dst);

    // ---------------------------------------------------------------- elementwise

    /** out = op(x, param); out is contiguous with x's shape. */
    void unary(UnaryOp op, float param, View x, Buffer out);

    /** out = op(a, b); a and b have the output shape (broadcast by stride 0); out is contiguous. */
    void binary(BinaryOp op, View a, View b, Buffer out);

    /** out = cond != 0 ? a : b, all three views of the output shape; out contiguous. */
    void where(View cond, View a, View b, Buffer out);

    // ---------------------------------------------------------------- reductions

    /**
     * Reduces the middle axis of the contiguous block {@code x[offset .. offset + outer*n*inner)}
     * viewed as [outer, n, inner] into out[outer, inner] (contiguous).
     */
    void reduce(ReduceOp op, Buffer x, int offset, int outer, int n, int inner, Buffer out);

    // ---------------------------------------------------------------- rows (last axis)

    /** Softmax (or log-softmax) of each row of a contiguous [rows, cols] matrix. */
    void softmax(Buffer x, Buffer y, int rows, int cols, boolean log);

    /**
     * Backward of {@link #softmax}: from the forward output y and its gradient gy, writes gx.
     * softmax: gx = y * (gy - sum(gy*y)); log-softmax: gx = gy - exp(y) * sum(gy).
     */
    void softmaxBackward(Buffer y, Buffer gy, Buffer gx, int rows, int cols, boolean log);

    /**
     * Layer norm over each row of contiguous [rows, cols]: y = (x - mean) * rstd * w + b, with the
     * biased variance. w and b (length cols) may be null (treated as 1 and 0). Writes mean and rstd
     * (length rows) for the backward pass.
     */
    void layerNorm(Buffer x, Buffer w, Buffer b, Buffer y, Buffer mean, Buffer rstd, int rows, int cols, float eps);

    /**
     * Backward of {@link #layerNorm}. gx is overwritten; gw and gb (may be null) are overwritten with
     * the column sums over all rows.
     */
    void layerNormBackward(Buffer x, Buffer w, Buffer mean, Buffer rstd, Buffer gy,
                           Buffer gx, Buffer gw, Buffer gb, int rows, int cols);

    // ---------------------------------------------------------------- matrix products

    /**
     * Strided batched row-major GEMM: for each p in [0, batch):
     * {@code C_p = alpha * op(A_p) * op(B_p) + beta * C_p}, with op(A_p) m×k and op(B_p) k×n.
     * A_p starts at {@code aOff + p*strideA} with row stride lda (of A as stored, i.e. of the k×m
     * matrix when transA); likewise B and C. A stride of 0 repeats the operand for every batch.
     * When beta is 0, C is not read (NaNs in C are overwritten).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              Buffer a, int aOff, int lda, int strideA,
              Buffer b, int bOff, int ldb, int strideB,
              float beta, Buffer c, int cOff, int ldc, int strideC, int batch);

    // ---------------------------------------------------------------- attention

    /**
     * Fused scaled-dot-product attention. q is [B,H,Tq,D], k and v are [B,H,Tk,D], as views whose
     * last stride is 1. out is a view of shape [B,H,Tq,D] (typically a permuted view of a contiguous
     * [B,Tq,H,D] buffer). lse (contiguous [B,H,Tq]) receives the log-sum-exp of each score row for the
     * backward pass. Scores are {@code scale * q.k + mask[tq,tk]} (mask: contiguous [Tq,Tk] additive,
     * may be null) with keys tk > tq removed when causal.
     */
    void attention(View q, View k, View v, View out, Buffer lse, Buffer mask, float scale, boolean causal);

    /**
     * Backward of {@link #attention}: from q, k, v, the forward output and lse and the output gradient
     * gout, writes gq, gk, gv (contiguous [B,H,T,D]). No full score matrix needs to be stored.
     */
    void attentionBackward(View q, View k, View v, View out, Buffer lse, View gout, Buffer mask,
                           float scale, boolean causal, Buffer gq, Buffer gk, Buffer gv);

    // ---------------------------------------------------------------- indexing

    /** out[r, :] = table[idx[r], :] for a contiguous [*, cols] table. */
    void gatherRows(Buffer table, int[] idx, int cols, Buffer out);

    /** tableGrad[idx[r], :] += grad[r, :] (duplicates accumulate). */
    void scatterAddRows(Buffer grad, int[] idx, int cols, Buffer tableGrad);

    // ---------------------------------------------------------------- optimizer

    /**
     * One Adam/AdamW update of n contiguous elements with PyTorch's rules. {@code step} is the
     * 1-based step count after increment. L2 weight decay (Adam) adds wd*p to the gradient;
     * decoupled (AdamW) multiplies p by (1 - lr*wd) first.
     */
    void adamStep(Buffer param, Buffer grad, Buffer m, Buffer v, int n, float lr, float beta1, float beta2,
                  float eps, float weightDecay, boolean decoupled, int step);
}
