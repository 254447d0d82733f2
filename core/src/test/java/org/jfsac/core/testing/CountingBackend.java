package org.jfsac.core.testing;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.View;
import org.jfsac.core.cpu.CpuBackend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU backend behind a proxy that counts calls per Backend method, so a test can assert what an op
 * asked the device to do (e.g. a matmul of transposed views is one gemm and no copy). Its buffers are
 * wrappers that name the proxy as their backend, so tensors created on it stay on it.
 */
public final class CountingBackend {
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Backend backend;

    private record Wrapped(Buffer inner, Backend owner) implements Buffer {
        @Override public int size() { return inner.size(); }
        @Override public Backend backend() { return owner; }
        @Override public void release() { inner.release(); }
    }

    public CountingBackend() {
        Backend cpu = CpuBackend.get();
        backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) return m.invoke(this, args);
            if (m.getName().equals("name")) return "counting-cpu";
            synchronized (counts) { counts.merge(m.getName(), 1, Integer::sum); }
            Object[] a = args == null ? null : args.clone();
            if (a != null) for (int i = 0; i < a.length; i++) a[i] = unwrap(a[i]);
            try {
                Object r = m.invoke(cpu, a);
                return r instanceof Buffer b ? new Wrapped(b, (Backend) proxy) : r;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static Object unwrap(Object o) {
        if (o instanceof Wrapped w) return w.inner;
        if (o instanceof View v && v.buffer() instanceof Wrapped w) return new View(w.inner, v.shape(), v.strides(), v.offset());
        return o;
    }

    public Backend backend() { return backend; }

    public int count(String method) {
        synchronized (counts) { return counts.getOrDefault(method, 0); }
    }

    /** Calls per method since the last reset, e.g. {copy=1, gemm=2}. */
    public Map<String, Integer> counts() {
        synchronized (counts) { return new TreeMap<>(counts); }
    }

    public void reset() {
        synchronized (counts) { counts.clear(); }
    }
}
