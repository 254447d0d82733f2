package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of every conformance class (one per op family): the backend under test, buffers that are released
 * after each test, a seeded generator and host/device helpers. Results are checked against {@link Reference}
 * under {@link Tolerance}.
 *
 * <p>A backend joins the suite with one test class that has a {@code static Backend backend()} method (which may
 * skip the test through a JUnit assumption where the device is absent) and an empty {@code @Nested} subclass of
 * every family, e.g. {@code @Nested class Rows extends RowsConformance {}} (see {@code CpuConformanceTest}): the
 * nested classes find the backend through their enclosing class, and reports and failures carry its name
 * ({@code CudaConformanceTest$Rows}).
 */
public abstract class BackendConformance {
    private static final Map<Class<?>, Method> SUPPLIERS = new ConcurrentHashMap<>();

    private final List<Buffer> owned = new ArrayList<>();
    /** Seeded from the test's name (or -Djfsac.test.seed), so that a failure replays. */
    protected Random rng;
    private String testName;

    /** The backend under test: the enclosing test class's static backend() (may abort the test when unavailable). */
    protected Backend backend() {
        Method m = SUPPLIERS.computeIfAbsent(getClass(), BackendConformance::supplier);
        try {
            return (Backend) m.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r; // a skip (TestAbortedException) or a failure to open
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method supplier(Class<?> family) {
        Class<?> outer = family.getEnclosingClass();
        try {
            if (outer == null) throw new NoSuchMethodException();
            Method m = outer.getDeclaredMethod("backend");
            if (!Modifier.isStatic(m.getModifiers()) || !Backend.class.isAssignableFrom(m.getReturnType())) throw new NoSuchMethodException();
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(family.getName() + " must be a @Nested class of a test class with a static Backend backend() method");
        }
    }

    /** The backend's test class, as failures name it (two instances may share one device name). */
    private String label() {
        Class<?> outer = getClass().getEnclosingClass();
        return outer != null ? outer.getSimpleName() : backend().name();
    }

    @BeforeEach
    void setUp(TestInfo info) {
        backend();
        testName = info.getDisplayName();
        String fixed = System.getProperty("jfsac.test.seed");
        rng = new Random(fixed != null ? Long.parseLong(fixed) : getClass().getSimpleName().hashCode() * 31L + testName.hashCode());
    }

    @AfterEach
    void releaseBuffers() {
        for (Buffer b : owned) b.release();
        owned.clear();
    }

    /** "what on backend": failure messages name the backend. */
    protected String on(String what) {
        return what + " on " + backend().name() + " (" + label() + ")";
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
