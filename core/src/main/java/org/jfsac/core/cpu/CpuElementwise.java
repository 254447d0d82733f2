package org.jfsac.core.cpu;

import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.UnaryOp;

/** 1-D strided inner loops; the hot ops get their own loop so the JIT can vectorise them. */
final class CpuElementwise {
    private CpuElementwise() {}

    static void unary(UnaryOp op, float p, float[] a, int pa, int sa, float[] d, int pd, int len) {
        if (sa == 1) {
            switch (op) {
                case IDENTITY -> { System.arraycopy(a, pa, d, pd, len); return; }
                case MUL_SCALAR -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] * p; return; }
                case ADD_SCALAR -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] + p; return; }
                case NEG -> { for (int i = 0; i < len; i++) d[pd + i] = -a[pa + i]; return; }
                case GELU -> {
                    if (VectorSupport.AVAILABLE) CpuVector.gelu(a, pa, d, pd, len);
                    else for (int i = 0; i < len; i++) d[pd + i] = CpuMath.gelu(a[pa + i]);
                    return;
                }
                case QUICK_GELU -> {
                    if (!VectorSupport.AVAILABLE) break;
                    CpuVector.quickGelu(a, pa, d, pd, len);
                    return;
                }
                case EXP -> {
                    if (!VectorSupport.AVAILABLE) break;
                    CpuVector.exp(a, pa, d, pd, len);
                    return;
                }
                default -> { }
            }
        }
        for (int i = 0; i < len; i++, pa += sa) d[pd + i] = CpuMath.unary(op, a[pa], p);
    }

    static void binary(BinaryOp op, float[] a, int pa, int sa, float[] b, int pb, int sb, float[] d, int pd, int len) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] + b[pb + i]; return; }
                case SUB -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] - b[pb + i]; return; }
                case MUL -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] * b[pb + i]; return; }
                case DIV -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] / b[pb + i]; return; }
                case GELU_GRAD -> {
                    if (!VectorSupport.AVAILABLE) break;
                    CpuVector.geluGrad(a, pa, b, pb, d, pd, len);
                    return;
                }
                default -> { }
            }
        } else if (sa == 1 && sb == 0) {
            float y = b[pb];
            switch (op) {
                case ADD -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] + y; return; }
                case MUL -> { for (int i = 0; i < len; i++) d[pd + i] = a[pa + i] * y; return; }
                default -> { }
            }
        }
        for (int i = 0; i < len; i++, pa += sa, pb += sb) d[pd + i] = CpuMath.binary(op, a[pa], b[pb]);
    }
}
