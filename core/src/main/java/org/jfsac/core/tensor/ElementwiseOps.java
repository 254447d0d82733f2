package org.jfsac.core.tensor;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.backend.BinaryOp;
import org.jfsac.core.backend.UnaryOp;
import org.jfsac.core.backend.View;

/** Elementwise ops with broadcasting and their backward rules. */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend())
            throw new IllegalArgumentException(op + ": tensors on different devices (" + a.backend().name() + ", " + b.backend().name() + "); move one with to(device)");
    }

    /** The view of t broadcast to shape (stride 0 where t is repeated). */
    static View broadcastView(Tensor t, int[] shape) {
        int r = shape.length, off = r - t.shape.length;
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            int j = i - off;
            st[i] = j < 0 || t.shape[j] == 1 ? 0 : t.strides[j];
        }
        return new View(t.storage.buffer, shape, st, t.offset);
    }

    static Tensor unary(UnaryOp op, float p, Tensor x) {
        Backend be = x.backend();
        Tensor out = Tensor.empty(be, x.shape);
        be.unary(op, p, x.view(), out.storage.buffer);
        return Autograd.record(op.name().toLowerCase(), out, g -> new Tensor[]{unaryGrad(op, p, x, out, g)}, x);
    }

    private static Tensor unaryGrad(UnaryOp op, float p, Tensor x, Tensor y, Tensor g) {
        return switch (op) {
            case NEG, RSUB_SCALAR -> g.neg();
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case SQRT -> g.mul(0.5f).div(y);
            case TANH -> binary(BinaryOp.TANH_GRAD, y, g);
            case SIGMOID -> binary(BinaryOp.SIGMOID_GRAD, y, g);
            case GELU -> binary(BinaryOp.GELU_GRAD, x, g);
            case QUICK_GELU -> binary(BinaryOp.QUICK_GELU_GRAD, x, g);
            case RELU -> binary(BinaryOp.RELU_GRAD, x, g);
            case ABS -> g.mul(unary(UnaryOp.SIGN, 0f, x));
            case ADD_SCALAR, IDENTITY -> g;
            case MUL_SCALAR -> g.mul(p);
            case POW_SCALAR -> g.mul(x.pow(p - 1f)).mul(p);
            case RDIV_SCALAR -> g.mul(y).div(x).neg();
            case SIGN, GT_SCALAR -> null;
        };
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        sameDevice(op.name().toLowerCase(), a, b);
        int[] shape = Shapes.broadcast(op.name().toLowerCase(), a.shape, b.shape);
        Backend be = a.backend();
        Tensor out = Tensor.empty(be, shape);
        be.binary(op, broadcastView(a, shape), broadcastView(b, shape), out.storage.buffer);
        return Autograd.record(op.name().toLowerCase(), out, g -> {
            Tensor[] gr = binaryGrad(op, a, b, out, g);
            if (gr[0] != null) gr[0] = ReduceOps.sumTo(gr[0], a.shape);
            if (gr[1] != null) gr[1] = ReduceOps.sumTo(gr[1], b.shape);
            return gr;
        }, a, b);
    }

    private static Tensor[] binaryGrad(BinaryOp op, Tensor a, Tensor b, Tensor y, Tensor g) {
        return switch (op) {
            case ADD -> new Tensor[]{g, g};
            case SUB -> new Tensor[]{g, g.neg()};
            case MUL -> new Tensor[]{a.requiresGrad ? g.mul(b) : null, b.requiresGrad ? g.mul(a) : null};
            case DIV -> new Tensor[]{a.requiresGrad ? g.div(b) : null, b.requiresGrad ? g.mul(y).div(b).neg() : null};
            case POW -> new Tensor[]{a.requiresGrad ? g.mul(b).mul(a.pow(b.sub(1f))) : null, b.requiresGrad ? g.mul(y).mul(a.log()) : null};
            case MAX, MIN -> {
                Tensor first = op == BinaryOp.MAX ? a.gt(b) : b.gt(a);
                Tensor tie = binary(BinaryOp.EQ, a, b).mul(0.5f);
                Tensor wa = first.add(tie);
                yield new Tensor[]{g.mul(wa), g.mul(wa.rsub(1f))};
            }
            default -> new Tensor[]{null, null};
        };
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        sameDevice("where", cond, a);
        sameDevice("where", a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        Backend be = a.backend();
        Tensor out = Tensor.empty(be, shape);
        be.where(broadcastView(cond, shape), broadcastView(a, shape), broadcastView(b, shape), out.storage.buffer);
        return Autograd.record("where", out, g -> {
            Tensor zero = Tensor.zeros(be, 1);
            return new Tensor[]{null, ReduceOps.sumTo(where(cond, g, zero), a.shape), ReduceOps.sumTo(where(cond, zero, g), b.shape)};
        }, cond, a, b);
    }
}
