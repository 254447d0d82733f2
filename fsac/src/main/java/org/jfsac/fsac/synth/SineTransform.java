package org.jfsac.fsac.synth;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The type-I discrete sine transform of length n, {@code y_k = Σ_{m=1..n} x_m sin(π k m / (n+1))}, computed as
 * OpenCV's seamless clone does: the imaginary part of the DFT of the odd extension
 * {@code [0, x, 0, −reversed x]} of length M = 2(n+1). M is arbitrary, so the DFT is Bluestein's chirp
 * convolution on commons-math's power-of-two FFT (O(M log M) for any n). Real data: two sequences share one
 * complex transform (the odd extension's DFT is purely imaginary, so they land in separate parts).
 */
final class SineTransform {
    private final int n;
    private final int m;
    private final int padded;
    /** Chirp w_k = exp(−iπk²/M), k < M. */
    private final double[] chirpRe;
    private final double[] chirpIm;
    /** FFT of the convolution kernel conj(w_|k|), wrapped to the padded length. */
    private final double[][] kernel;
    /** Work buffer, reused: an instance serves one solve on one thread. */
    private final double[][] buf;

    SineTransform(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("sine transform length must be positive, got " + n);
        }
        this.n = n;
        this.m = 2 * (n + 1);
        this.padded = Integer.highestOneBit(2 * m - 1) << 1;
        chirpRe = new double[m];
        chirpIm = new double[m];
        for (int k = 0; k < m; k++) {
            // k² mod 2M keeps the angle small, so the chirp stays accurate for large M.
            double angle = Math.PI * (double) (((long) k * k) % (2L * m)) / m;
            chirpRe[k] = Math.cos(angle);
            chirpIm[k] = -Math.sin(angle);
        }
        kernel = new double[2][padded];
        for (int k = 0; k < m; k++) {
            kernel[0][k] = chirpRe[k];
            kernel[1][k] = -chirpIm[k];
            if (k > 0) {
                kernel[0][padded - k] = chirpRe[k];
                kernel[1][padded - k] = -chirpIm[k];
            }
        }
        FastFourierTransformer.transformInPlace(kernel, DftNormalization.STANDARD, TransformType.FORWARD);
        buf = new double[2][padded];
    }

    int length() {
        return n;
    }

    /**
     * Transforms {@code a} and {@code b} (each n values starting at their offsets with the given stride) in
     * place; {@code b} may be null.
     */
    void apply(double[] a, int offA, double[] b, int offB, int stride) {
        java.util.Arrays.fill(buf[0], 0);
        java.util.Arrays.fill(buf[1], 0);
        for (int j = 1; j <= n; j++) {
            double re = a[offA + (j - 1) * stride];
            double im = b == null ? 0 : b[offB + (j - 1) * stride];
            setChirped(j, re, im);
            setChirped(m - j, -re, -im);
        }
        FastFourierTransformer.transformInPlace(buf, DftNormalization.STANDARD, TransformType.FORWARD);
        for (int k = 0; k < padded; k++) {
            double re = buf[0][k] * kernel[0][k] - buf[1][k] * kernel[1][k];
            double im = buf[0][k] * kernel[1][k] + buf[1][k] * kernel[0][k];
            buf[0][k] = re;
            buf[1][k] = im;
        }
        FastFourierTransformer.transformInPlace(buf, DftNormalization.STANDARD, TransformType.INVERSE);
        for (int k = 1; k <= n; k++) {
            double re = buf[0][k] * chirpRe[k] - buf[1][k] * chirpIm[k];
            double im = buf[0][k] * chirpIm[k] + buf[1][k] * chirpRe[k];
            // DFT of the odd extension is −2i·y for a real input: a's part is imaginary, b's real.
            a[offA + (k - 1) * stride] = -im / 2;
            if (b != null) {
                b[offB + (k - 1) * stride] = re / 2;
            }
        }
    }

    private void setChirped(int j, double re, double im) {
        buf[0][j] = re * chirpRe[j] - im * chirpIm[j];
        buf[1][j] = re * chirpIm[j] + im * chirpRe[j];
    }
}
