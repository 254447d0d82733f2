package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Base of every conformance class (one per op family): the backend under test, buffers that are released
 * after each check, a seeded generator and host/device helpers. Results are checked against {@link Reference}
 * under {@link Tolerance}. {@link ConformanceSuite} runs each {@link Check} method of every family on a backend.
 */
public abstract class BackendConformance {
    private final List<Buffer> owned = new ArrayList<>();
    /** Seeded from the family's and the check's names (or -Djfsac.test.seed), so that a failure replays. */
    protected Random rng;
    private Supplier<Backend> backend;
    /** The backend's test class, family and check, as failures name them (two backends may share one device name). */
    private String label;

    /** The backend under test (may abort the test through an assumption when its device is absent). */
    protected Backend backend() {
        return backend.get();
    }

    /** Runs one check on a fresh instance: backend opened (or the test skipped), generator seeded, buffers released after. */
    final void run(Method check, String family, String checkName, String label, Supplier<Backend> backend) throws Throwable {
        this.backend = backend;
        this.label = label + ", " + family + "." + checkName; // surefire's XML names dynamic tests by index only
        backend();
        String fixed = System.getProperty("jfsac.test.seed");
        rng = new Random(fixed != null ? Long.parseLong(fixed) : family.hashCode() * 31L + checkName.hashCode());
        try {
            check.setAccessible(true);
            check.invoke(this);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            for (Buffer b : owned) b.release();
            owned.clear();
        }
    }

    /** "what on backend": failure messages name the backend. */
    protected String on(String what) {
        return what + " on " + backend().name() + " (" + label + ")";
    }

    /** A device buffer holding host. */
    protected Buffer upload(float[] host) {
        Buffer b = backend().allocate(host.length);
        owned.add(b);
        backend().upload(host, 0, b, 0, host.length);
        return b;
    }

    /** A device buffer of n NaNs: an element an op should write and does not stays NaN and fails the check. */
    protected Buffer nans(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return upload(a);
    }

    protected float[] read(Buffer b) {
        float[] out = new float[b.size()];
        backend().download(b, 0, out, 0, out.length);
        return out;
    }

    protected float[] uniform(int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.nextFloat();
        return a;
    }

    protected static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    protected static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }
}
