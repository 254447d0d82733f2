package org.jfsac.fsac.method;

import org.jfsac.core.backend.Devices;
import org.jfsac.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kNN baseline against a naive double-precision computation of 1 − max cosine similarity to the shots. */
class KnnMethodTest {

    /** Normalise each vector first, then dot products, all in double: a different route to the same number. */
    private static double[] naive(float[][] test, float[][] shots) {
        double[] out = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            double[] a = unit(test[i]);
            for (float[] shot : shots) {
                double[] b = unit(shot);
                double dot = 0;
                for (int c = 0; c < a.length; c++) dot += a[c] * b[c];
                best = Math.max(best, dot);
            }
            out[i] = 1 - best;
        }
        return out;
    }

    private static double[] unit(float[] v) {
        double n = 0;
        for (float x : v) n += (double) x * x;
        n = Math.sqrt(n);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) u[i] = v[i] / n;
        return u;
    }

    private static float[][] gaussian(SplittableRandom r, int n, int c, double mean) {
        float[][] out = new float[n][c];
        for (float[] row : out)
            for (int j = 0; j < c; j++) row[j] = (float) (mean + nextGaussian(r));
        return out;
    }

    private static double nextGaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static Tensor tensor(float[][] rows) {
        int c = rows[0].length;
        float[] flat = new float[rows.length * c];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * c, c);
        return Tensor.of(Devices.cpu(), flat, rows.length, c);
    }

    private static double[] knn(float[][] test, float[][] shots) {
        MethodInput in = new MethodInput("bottle", FsacConfig.preset("mvtec"), null, tensor(test), tensor(shots), null);
        return new KnnMethod().score(in);
    }

    @Test
    void scoresAreOneMinusTheLargestCosineToAShot() {
        // 640 = ViT-B-16-plus-240's embedding width; features share a mean direction, as CLIP embeddings do, so that
        // cosines are large and close (0.2–0.9) and the nearest shot is a real choice.
        SplittableRandom r = new SplittableRandom(7);
        for (int k : new int[] {1, 2, 4, 8}) {
            float[][] shots = gaussian(r, k, 640, 0.5);
            float[][] test = gaussian(r, 37, 640, 0.5);
            double[] want = naive(test, shots), got = knn(test, shots);
            assertEquals(want.length, got.length);
            // Tolerance 1e-5: the method computes the cosines in float32 (normalise, then a 640-term dot product);
            // rounding error of a dot product of unit vectors grows like sqrt(C)·2^-24 ≈ 1.5e-6 (random rounding),
            // bounded by C·2^-24 ≈ 3.8e-5 in the worst case; 1e-5 is ~7x the typical error. Scores differ by ~1e-2.
            for (int i = 0; i < got.length; i++) assertEquals(want[i], got[i], 1e-5, "k=" + k + " image " + i);
        }
    }

    @Test
    void aShotItselfScoresZeroWhateverItsLengthAndOnlyTheNearestShotCounts() {
        SplittableRandom r = new SplittableRandom(3);
        float[][] shots = gaussian(r, 3, 64, 0);
        float[][] test = new float[3][64];
        for (int j = 0; j < 64; j++) {
            test[0][j] = shots[1][j];           // a shot
            test[1][j] = 5 * shots[2][j];       // a shot, longer: cosine ignores length
            test[2][j] = -shots[0][j];          // the opposite of a shot, nearly orthogonal to the others
        }
        double[] got = knn(test, shots);
        // 1e-6: float32 cosines of 64-dimensional unit vectors are exact within a few 2^-24 ≈ 6e-8.
        assertEquals(0, got[0], 1e-6);
        assertEquals(0, got[1], 1e-6);
        assertEquals(naive(test, shots)[2], got[2], 1e-6);
        assertTrue(got[2] < 1.5, "the nearest shot decides, not the opposite one: " + got[2]);
        assertEquals(2, knn(new float[][] {test[2]}, new float[][] {shots[0]})[0], 1e-6, "opposite of the only shot");
    }

    @Test
    void withoutShotFeaturesItSaysWhatIsMissing() {
        MethodInput zeroShot = MethodInput.zeroShot("bottle", FsacConfig.preset("mvtec"), null, tensor(new float[][] {{1, 0}}));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new KnnMethod().score(zeroShot));
        assertTrue(e.getMessage().startsWith("kNN needs the shots' features of bottle"), e.getMessage());
    }
}
