package org.jfsac.core.backend;

/**
 * A block of float32 memory owned by one {@link Backend}. Sizes and offsets are in elements, not bytes.
 * Buffers are reference-free handles: the tensor that owns one releases it (explicitly or through a
 * {@link java.lang.ref.Cleaner}) once nothing can reach the tensor any more.
 */
public interface Buffer {
    /** Number of float elements. */
    int size();

    /** The backend that allocated this buffer; ops must only mix buffers of the same backend. */
    Backend backend();

    /** Returns the memory to the backend's pool. Idempotent; the buffer must not be used afterwards. */
    void release();
}
