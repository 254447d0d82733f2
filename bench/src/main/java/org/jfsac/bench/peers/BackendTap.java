package org.jfsac.bench.peers;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.Buffer;
import org.jfsac.core.backend.Devices;
import org.jfsac.core.backend.View;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A backend that passes every op through a hook (to time it, or to change its operands) before the real one runs it.
 * Tensors find their backend through their buffers, so the buffers it allocates are wrapped too (their
 * {@code backend()} is the tap) and unwrapped on the way to the real backend. Built on the {@link Backend} interface
 * by reflection, so it keeps up with new ops without change. Bench tooling only.
 */
public final class BackendTap {
    private BackendTap() {}

    /** Runs one op on the real backend: the args are already unwrapped; usually ends with {@link #invoke}. */
    public interface Hook {
        Object call(Backend target, Method op, Object[] args) throws Throwable;
    }

    /** The real call, unwrapping reflection's exception. */
    public static Object invoke(Backend target, Method op, Object[] args) throws Throwable {
        try {
            return op.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A tapped backend, also made the default one (tensors made without a backend must not bypass the tap). */
    public static Backend wrap(Backend target, Hook hook) {
        Backend[] self = new Backend[1];
        self[0] = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (proxy, m, a) -> {
            if (a != null) for (int i = 0; i < a.length; i++) {
                if (a[i] instanceof Buffer b) a[i] = unwrap(b);
                else if (a[i] instanceof View v) a[i] = new View(unwrap(v.buffer()), v.shape(), v.strides(), v.offset());
            }
            Object r = m.getDeclaringClass() == Object.class ? objectMethod(proxy, m, a) : hook.call(target, m, a);
            return r instanceof Buffer b ? wrapBuffer(b, self[0]) : r;
        });
        Devices.setDefault(self[0]);
        return self[0];
    }

    private record Wrapped(Buffer target, Backend backend) implements InvocationHandler {
        @Override public Object invoke(Object proxy, Method m, Object[] a) throws Throwable {
            if (m.getDeclaringClass() == Object.class) return objectMethod(proxy, m, a);
            if (m.getName().equals("backend")) return backend;
            try {
                return m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static Buffer wrapBuffer(Buffer b, Backend tap) {
        return (Buffer) Proxy.newProxyInstance(Buffer.class.getClassLoader(), new Class<?>[]{Buffer.class}, new Wrapped(b, tap));
    }

    static Buffer unwrap(Buffer b) {
        return b != null && Proxy.isProxyClass(b.getClass()) && Proxy.getInvocationHandler(b) instanceof Wrapped w ? w.target() : b;
    }

    private static Object objectMethod(Object proxy, Method m, Object[] a) {
        return switch (m.getName()) {
            case "equals" -> proxy == a[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "tap@" + Integer.toHexString(System.identityHashCode(proxy));
        };
    }
}
