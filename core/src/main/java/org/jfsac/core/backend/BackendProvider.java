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

    /**
     * One device a provider found.
     *
     * @param kind  the provider's kind ({@code cuda} or {@code opencl})
     * @param index its index for {@link BackendProvider#open(int)}
     * @param name  the device's name as its driver reports it
     * @param gpu   whether it is a GPU (auto-selection takes only GPUs)
     */
    record DeviceInfo(String kind, int index, String name, boolean gpu) {}
}
