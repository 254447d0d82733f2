package org.jfsac.core.backend;

import java.util.List;

/**
 * Service-provider hook ({@link java.util.ServiceLoader}) through which GPU modules offer backends.
 * {@link #probe()} must never throw, not even {@link Error}s from native libraries: it returns the
 * available devices, or an empty list and a reason in {@link #unavailableReason()}.
 */
public interface BackendProvider {
    /** "cuda" or "opencl". */
    String kind();

    /** Auto-selection order: lower comes first. */
    int priority();

    /** Available devices of this kind; empty when none. */
    List<DeviceInfo> probe();

    /** Why {@link #probe()} found nothing (one line), or null. */
    String unavailableReason();

    /** Opens device {@code index} of {@link #probe()}. */
    Backend open(int index);

    record DeviceInfo(String kind, int index, String name, boolean gpu) {}
}
