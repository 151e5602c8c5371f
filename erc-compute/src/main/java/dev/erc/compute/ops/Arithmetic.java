package dev.erc.compute.ops;

import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.backend.BinaryOp;

/** Element-wise arithmetic with NumPy broadcasting, and scalar variants. */
public final class Arithmetic {

    private Arithmetic() {
    }

    public static Tensor add(Tensor a, Tensor b) {
        return binary("add", BinaryOp.ADD, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return binary("sub", BinaryOp.SUB, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary("mul", BinaryOp.MUL, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return binary("div", BinaryOp.DIV, a, b);
    }

    private static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int[] shape = Shapes.broadcast(name, as, bs);
        Backend be = Backends.current();
        float[] ea = Broadcast.expand(a.data(), as, shape);
        float[] eb = Broadcast.expand(b.data(), bs, shape);
        float[] out = new float[ea.length];
        be.binary(op, out.length, ea, 0, eb, 0, out, 0);
        return Tensor.result(out, shape, name, g -> {
            Backend bk = Backends.current();
            switch (op) {
                case ADD, SUB -> {
                    if (a.requiresGrad()) {
                        Broadcast.reduce(bk, g, shape, as, 1f, a.gradBuffer());
                    }
                    if (b.requiresGrad()) {
                        Broadcast.reduce(bk, g, shape, bs, op == BinaryOp.ADD ? 1f : -1f, b.gradBuffer());
                    }
                }
                case MUL -> {
                    if (a.requiresGrad()) {
                        accumulateProduct(bk, BinaryOp.MUL, g, eb, shape, as, a.gradBuffer());
                    }
                    if (b.requiresGrad()) {
                        accumulateProduct(bk, BinaryOp.MUL, g, ea, shape, bs, b.gradBuffer());
                    }
                }
                case DIV -> {
                    if (a.requiresGrad()) {
                        accumulateProduct(bk, BinaryOp.DIV, g, eb, shape, as, a.gradBuffer());
                    }
                    if (b.requiresGrad()) {
                        // d(a/b)/db = -(a/b)/b
                        float[] t = new float[g.length];
                        bk.binary(BinaryOp.MUL, t.length, g, 0, out, 0, t, 0);
                        bk.binary(BinaryOp.DIV, t.length, t, 0, eb, 0, t, 0);
                        Broadcast.reduce(bk, t, shape, bs, -1f, b.gradBuffer());
                    }
                }
                default -> throw new IllegalStateException("no gradient for " + op);
            }
        }, a, b);
    }

    /** {@code into += reduce(g op other)}, fused when no reduction is needed. */
    private static void accumulateProduct(Backend be, BinaryOp op, float[] g, float[] other, int[] shape,
                                          int[] target, float[] into) {
        if (java.util.Arrays.equals(shape, target)) {
            be.binaryAccumulate(op, g.length, g, 0, other, 0, into, 0);
        } else {
            float[] t = new float[g.length];
            be.binary(op, t.length, g, 0, other, 0, t, 0);
            Broadcast.reduce(be, t, shape, target, 1f, into);
        }
    }

    /** {@code s * t}. */
    public static Tensor scale(Tensor t, float s) {
        float[] out = new float[t.size()];
        Backends.current().binaryScalar(BinaryOp.MUL, out.length, t.data(), 0, s, out, 0);
        return Tensor.result(out, t.shape(), "scale",
                g -> Backends.current().axpy(g.length, s, g, 0, t.gradBuffer(), 0), t);
    }

    /** {@code t + s}. */
    public static Tensor addScalar(Tensor t, float s) {
        float[] out = new float[t.size()];
        Backends.current().binaryScalar(BinaryOp.ADD, out.length, t.data(), 0, s, out, 0);
        return Tensor.result(out, t.shape(), "addScalar",
                g -> Backends.current().axpy(g.length, 1f, g, 0, t.gradBuffer(), 0), t);
    }
}
