package org.jfsac.core.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Records ops into a graph and runs reverse-mode differentiation over it. */
public final class Autograd {
    private Autograd() {}

    /** Attaches a backward rule to a freshly computed output if any input needs a gradient. */
    static Tensor record(String op, Tensor out, Node.Backward backward, Tensor... inputs) {
        if (GradMode.detectAnomaly()) checkFinite(op, out, inputs);
        if (!GradMode.isEnabled()) return out;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad) {
                out.requiresGrad = true;
                out.node = new Node(op, inputs, backward);
                break;
            }
        }
        return out;
    }

    private static void checkFinite(String op, Tensor out, Tensor[] inputs) {
        for (float v : out.toArray()) {
            if (!Float.isFinite(v)) {
                StringBuilder shapes = new StringBuilder();
                for (Tensor in : inputs) if (in != null) shapes.append(' ').append(Shapes.str(in.shape));
                throw new ArithmeticException("op '" + op + "' produced " + v + " (input shapes" + shapes + ", output " + Shapes.str(out.shape) + ")");
            }
        }
    }

    static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad) throw new IllegalStateException("backward() on a tensor that does not require grad (nothing to differentiate)");
        if (gradient == null) {
            if (root.numel() != 1) throw new IllegalStateException("backward() without a gradient needs a scalar, got shape " + Shapes.str(root.shape));
            if (GradMode.detectAnomaly() && !Float.isFinite(root.item())) throw new ArithmeticException("backward() from a non-finite loss: " + root.item());
            gradient = Tensor.full(root.backend(), 1f, root.shape);
        } else if (!Arrays.equals(gradient.shape, root.shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(gradient.shape) + " does not match tensor shape " + Shapes.str(root.shape));
        }
        if (root.node != null && root.node.freed)
            throw new IllegalStateException("backward through a graph that has already been freed: call backward(gradient, true) the first time to keep it");
        try (GradMode g = GradMode.noGrad()) {
            List<Tensor> order = topoOrder(root);
            Map<Tensor, Tensor> grads = new IdentityHashMap<>();
            grads.put(root, gradient);
            for (Tensor t : order) {
                Tensor gt = grads.remove(t);
                if (gt == null) continue;
                Node n = t.node;
                if (n == null) {
                    if (t.requiresGrad) t.grad = t.grad == null ? gt : t.grad.add(gt);
                    continue;
                }
                if (n.freed) throw new IllegalStateException("backward through a graph that has already been freed (op '" + n.op + "')");
                Tensor[] ins = n.inputs;
                Tensor[] gin = n.backward.apply(gt);
                for (int i = 0; i < ins.length; i++) {
                    Tensor in = ins[i];
                    if (in == null || !in.requiresGrad || gin[i] == null) continue;
                    Tensor gi = gin[i];
                    if (!Arrays.equals(gi.shape, in.shape))
                        throw new IllegalStateException("internal: op '" + n.op + "' returned gradient " + Shapes.str(gi.shape) + " for input " + Shapes.str(in.shape));
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? gi : prev.add(gi));
                }
                if (!retainGraph) n.free();
            }
        }
    }

    /** Non-leaf and leaf tensors reachable from root, each after all tensors that depend on it. */
    private static List<Tensor> topoOrder(Tensor root) {
        List<Tensor> post = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int i = (Integer) top[1];
            Tensor[] ins = t.node == null || t.node.inputs == null ? new Tensor[0] : t.node.inputs;
            if (i < ins.length) {
                top[1] = i + 1;
                Tensor in = ins[i];
                if (in != null && in.requiresGrad && visited.put(in, Boolean.TRUE) == null) stack.push(new Object[]{in, 0});
            } else {
                stack.pop();
                post.add(t);
            }
        }
        Collections.reverse(post);
        return post;
    }
}
