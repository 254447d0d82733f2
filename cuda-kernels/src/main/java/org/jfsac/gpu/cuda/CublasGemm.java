package org.jfsac.gpu.cuda;

import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasGemmStridedBatchedEx_new;
import static jcuda.jcublas.JCublas2.cublasSetMathMode;
import static jcuda.jcublas.JCublas2.cublasSetStream;
import static jcuda.jcublas.JCublas2.cublasSgemmStridedBatched;

import jcuda.Pointer;
import jcuda.cudaDataType;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasComputeType;
import jcuda.jcublas.cublasGemmAlgo;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;
import org.jfsac.core.backend.BackendException;

/**
 * GEMM by cuBLAS through JCublas: {@code cublasSgemmStridedBatched} in float32 (TF32 tensor cores
 * only when asked for), or, for the float16 option, operands converted to half by our kernel and
 * {@code cublasGemmStridedBatchedEx} with float32 compute and output.
 *
 * <p>JCublas needs {@code libcublas.so.12}; loading it is attempted once per process, catching
 * {@link Throwable} (the native library fails inside a static initialiser), and the reason kept.
 */
final class CublasGemm implements GemmEngine {

    static final Kernel F32_TO_F16 = Kernel.of("gemm_cuda", "cuda_f32_to_f16", "ppi");

    private static String loadFailure;
    private static boolean loaded;

    private final cublasHandle handle;
    private final boolean tf32;
    private final boolean half;
    private final KernelLauncher launcher;
    private final CudaBackend backend;

    private CublasGemm(cublasHandle handle, boolean tf32, boolean half, KernelLauncher launcher, CudaBackend backend) {
        this.handle = handle;
        this.tf32 = tf32;
        this.half = half;
        this.launcher = launcher;
        this.backend = backend;
    }

    /** Why cuBLAS cannot be used (one line), or null when it loaded. Loads JCublas on first call. */
    static synchronized String unavailableReason() {
        if (!loaded && loadFailure == null) {
            try {
                JCublas2.setExceptionsEnabled(false);
                loaded = true;
            } catch (Throwable t) {
                loadFailure = "cuBLAS unavailable (needs libcublas.so.12): " + CudaDriver.oneLine(t);
            }
        }
        return loadFailure;
    }

    /** A handle bound to the backend's stream; the context must be current. Throws when cuBLAS is unavailable. */
    static CublasGemm create(CUstream stream, boolean tf32, boolean half, KernelLauncher launcher, CudaBackend backend) {
        String reason = unavailableReason();
        if (reason != null) throw new BackendException(reason);
        cublasHandle h = new cublasHandle();
        check(cublasCreate(h), "cublasCreate");
        check(cublasSetStream(h, new cudaStream_t(stream)), "cublasSetStream");
        // DEFAULT_MATH keeps float32 SGEMM exact-float32 in cuBLAS 11+; TF32 must be asked for.
        check(cublasSetMathMode(h, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH : cublasMath.CUBLAS_DEFAULT_MATH),
                "cublasSetMathMode");
        return new CublasGemm(h, tf32, half, launcher, backend);
    }

    @Override
    public String describe() {
        return half ? "cuBLAS GemmEx, float16 operands, float32 accumulation"
                : tf32 ? "cuBLAS SGEMM with TF32 tensor cores" : "cuBLAS SGEMM (float32)";
    }

    @Override
    public void run(GemmArgs g) {
        ColumnMajor cm = ColumnMajor.of(g.transA(), g.transB(), g.m(), g.n(), g.k());
        int opFirst = cm.transFirst() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opSecond = cm.transSecond() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        Pointer alpha = Pointer.to(new float[] {g.alpha()});
        Pointer beta = Pointer.to(new float[] {g.beta()});
        if (!half) {
            check(cublasSgemmStridedBatched(handle, opFirst, opSecond, cm.m(), cm.n(), cm.k(), alpha,
                    g.b().pointer(g.bOff()), g.ldb(), g.strideB(),
                    g.a().pointer(g.aOff()), g.lda(), g.strideA(),
                    beta, g.c().pointer(g.cOff()), g.ldc(), g.strideC(), g.batch()), "cublasSgemmStridedBatched " + g);
            return;
        }
        // Half copies keep the operands' layout (same ld and strides), so only the read span is converted.
        CudaBuffer ah = toHalf(g.a(), g.aOff(), g.spanA(), g);
        CudaBuffer bh = toHalf(g.b(), g.bOff(), g.spanB(), g);
        try {
            check(cublasGemmStridedBatchedEx_new(handle, opFirst, opSecond, cm.m(), cm.n(), cm.k(), alpha,
                    bh.pointer(0), cudaDataType.CUDA_R_16F, g.ldb(), g.strideB(),
                    ah.pointer(0), cudaDataType.CUDA_R_16F, g.lda(), g.strideA(),
                    beta, g.c().pointer(g.cOff()), cudaDataType.CUDA_R_32F, g.ldc(), g.strideC(), g.batch(),
                    cublasComputeType.CUBLAS_COMPUTE_32F, cublasGemmAlgo.CUBLAS_GEMM_DEFAULT),
                    "cublasGemmStridedBatchedEx (float16) " + g);
        } finally {
            // Safe to release before the GEMM has run: the stream orders any later reuse after it.
            ah.release();
            bh.release();
        }
    }

    private CudaBuffer toHalf(CudaBuffer src, int offset, long n, GemmArgs g) {
        CudaBuffer dst = backend.allocateScratch((int) ((n + 1) / 2));
        launcher.launch(F32_TO_F16, KernelLauncher.Shape.linear(n, 256), "float16 operands of " + g,
                src.at(offset), dst, (int) n);
        return dst;
    }

    private static void check(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new BackendException(call + " failed: " + cublasStatus.stringFor(status));
        }
    }
}
