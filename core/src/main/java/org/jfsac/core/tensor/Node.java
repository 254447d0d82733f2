package org.jfsac.core.tensor;

/** One recorded op: its inputs and the rule that maps the output gradient to input gradients. */
final class Node {
    interface Backward {
        /** Gradients for each input (same order), null where an input needs none. */
        Tensor[] apply(Tensor gradOutput);
    }

    final String op;
    Tensor[] inputs;
    Backward backward;
    boolean freed;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    void free() {
        inputs = null;
        backward = null;
        freed = true;
    }
}
