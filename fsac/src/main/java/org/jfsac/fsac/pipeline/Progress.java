package org.jfsac.fsac.pipeline;

/** Reports long work (encoding, training, evaluation): the CLI draws progress bars, tests stay quiet. */
public interface Progress {
    Task start(String name, long total);

    /** A message outside any bar (e.g. "class bottle: 12 warnings"). */
    default void log(String message) {}

    interface Task extends AutoCloseable {
        void step(long n);

        default void step() { step(1); }

        @Override void close();
    }

    static Progress none() {
        return (name, total) -> new Task() {
            @Override public void step(long n) {}
            @Override public void close() {}
        };
    }
}
