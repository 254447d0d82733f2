package org.jfsac.gpu.opencl;

import org.jocl.cl_command_queue;
import org.jocl.cl_event;
import org.jocl.cl_mem;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * CLBlast's strided batched SGEMM through JOCLBlast ({@code org.jocl:jocl-blast}), found by reflection so
 * that this module builds and runs without it: when the jar is on the class path and its native library
 * loads, the OpenCL backend uses CLBlast for GEMM (tuned per device; about 7x our kernel on PoCL),
 * otherwise its own {@code gemm_tiled} kernel.
 */
final class ClBlastGemm {
    private static final String CLASS = "org.jocl.blast.CLBlast";
    private static ClBlastGemm instance;
    private static String unavailable;

    private final Method sgemm;
    private final Method sgemmBatched;
    private final Method statusName;
    private final int rowMajor, transNo, transYes;

    private ClBlastGemm(Class<?> blast) throws ReflectiveOperationException {
        ClassLoader cl = blast.getClassLoader();
        sgemm = blast.getMethod("CLBlastSgemm", int.class, int.class, int.class, long.class, long.class, long.class,
                float.class, cl_mem.class, long.class, long.class, cl_mem.class, long.class, long.class,
                float.class, cl_mem.class, long.class, long.class, cl_command_queue.class, cl_event.class);
        sgemmBatched = blast.getMethod("CLBlastSgemmStridedBatched", int.class, int.class, int.class, long.class, long.class, long.class,
                float.class, cl_mem.class, long.class, long.class, long.class, cl_mem.class, long.class, long.class, long.class,
                float.class, cl_mem.class, long.class, long.class, long.class, long.class, cl_command_queue.class, cl_event.class);
        Class<?> status = Class.forName("org.jocl.blast.CLBlastStatusCode", true, cl);
        statusName = status.getMethod("stringFor", int.class);
        rowMajor = Class.forName("org.jocl.blast.CLBlastLayout", true, cl).getField("CLBlastLayoutRowMajor").getInt(null);
        Class<?> trans = Class.forName("org.jocl.blast.CLBlastTranspose", true, cl);
        transNo = trans.getField("CLBlastTransposeNo").getInt(null);
        transYes = trans.getField("CLBlastTransposeYes").getInt(null);
        blast.getMethod("setExceptionsEnabled", boolean.class).invoke(null, false); // we check status codes ourselves
    }

    /** The library, or null when it is absent or its native part does not load ({@link #unavailableReason()}). */
    static synchronized ClBlastGemm get() {
        if (instance == null && unavailable == null) {
            try {
                instance = new ClBlastGemm(Class.forName(CLASS));
            } catch (ClassNotFoundException e) {
                unavailable = "org.jocl:jocl-blast is not on the class path";
            } catch (Throwable t) { // UnsatisfiedLinkError from the native library, an API mismatch, ...
                Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
                unavailable = "CLBlast failed to load: " + cause;
            }
        }
        return instance;
    }

    static synchronized String unavailableReason() {
        get();
        return unavailable;
    }

    /**
     * True when CLBlast accepts the call: k > 0, and batched outputs that do not overlap (CLBlast rejects
     * both with InvalidDimension; the backend's kernel handles them).
     */
    static boolean accepts(int m, int n, int k, int ldc, int strideC, int batch) {
        return k > 0 && (batch == 1 || (long) strideC >= (long) (m - 1) * ldc + n);
    }

    /** Enqueues the GEMM; returns null on success, else CLBlast's status. Only for calls it {@link #accepts}. */
    String sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, cl_mem a, int aOff, int lda, int strideA,
                 cl_mem b, int bOff, int ldb, int strideB, float beta, cl_mem c, int cOff, int ldc, int strideC, int batch,
                 cl_command_queue queue) {
        try {
            int ta = transA ? transYes : transNo, tb = transB ? transYes : transNo;
            int status = batch == 1
                    ? (Integer) sgemm.invoke(null, rowMajor, ta, tb, (long) m, (long) n, (long) k, alpha, a, (long) aOff, (long) lda,
                    b, (long) bOff, (long) ldb, beta, c, (long) cOff, (long) ldc, queue, null)
                    : (Integer) sgemmBatched.invoke(null, rowMajor, ta, tb, (long) m, (long) n, (long) k, alpha, a, (long) aOff,
                    (long) lda, (long) strideA, b, (long) bOff, (long) ldb, (long) strideB, beta, c, (long) cOff, (long) ldc,
                    (long) strideC, (long) batch, queue, null);
            return status == 0 ? null : status + " " + statusName.invoke(null, status);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }
}
