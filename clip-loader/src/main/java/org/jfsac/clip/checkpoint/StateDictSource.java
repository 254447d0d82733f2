package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.HostTensor;

import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * An opened, validated checkpoint of either format. Opening reads only the description of the
 * tensors (the pickle or the safetensors header); tensor data is read by {@link #stream}, one
 * tensor at a time, so a caller never needs more than one of them in memory.
 */
interface StateDictSource extends Closeable {

    /** Every tensor's name (as delivered, prefix stripped) and shape, in the checkpoint's declared order. */
    LinkedHashMap<String, int[]> shapes();

    /** Delivers each tensor once, as float32; the order may differ from {@link #shapes()}'s (storage order). */
    void stream(CheckpointReader.Sink sink) throws IOException;

    /** The whole state dict in declared order. */
    default LinkedHashMap<String, HostTensor> readAll() throws IOException {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        shapes().keySet().forEach(name -> out.put(name, null)); // fixes the declared order; filled below
        stream(out::put);
        return out;
    }
}
