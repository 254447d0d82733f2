package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Buffer;

/**
 * Adam and AdamW over four steps, with and without weight decay, on lengths 1 to 10007: parameters and both
 * moments against the double-precision update ({@link Tolerance#ELEMENTWISE}: each element's update is a short
 * chain of float operations).
 */
public final class AdamConformance extends BackendConformance {

    @Check
    void adamAndAdamWOverSeveralSteps() {
        for (int n : new int[]{1, 3, 63, 257, 10007}) {
            for (boolean decoupled : new boolean[]{false, true}) {
                for (float wd : new float[]{0f, 0.05f}) {
                    float[] p0 = uniform(n, -1, 1);
                    Buffer p = upload(p0), m = upload(new float[n]), v = upload(new float[n]);
                    double[][] ref = {toDouble(p0), new double[n], new double[n]};
                    for (int step = 1; step <= 4; step++) {
                        float[] g = uniform(n, -1, 1);
                        backend().adamStep(p, upload(g), m, v, n, 1e-2f, 0.9f, 0.999f, 1e-8f, wd, decoupled, step);
                        ref = Reference.adam(ref[0], toDouble(g), ref[1], ref[2], 1e-2f, 0.9f, 0.999f, 1e-8f, wd, decoupled, step);
                    }
                    String what = on("adam n=" + n + " decoupled=" + decoupled + " wd=" + wd);
                    Tolerance.ELEMENTWISE.check(what + " param", read(p), ref[0]);
                    Tolerance.ELEMENTWISE.check(what + " m", read(m), ref[1]);
                    Tolerance.ELEMENTWISE.check(what + " v", read(v), ref[2]);
                }
            }
        }
    }
}
