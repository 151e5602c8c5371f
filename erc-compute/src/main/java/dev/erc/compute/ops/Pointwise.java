package dev.erc.compute.ops;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.backend.UnaryOp;

/** Element-wise functions: activations, exp/log, and the arccos of the paper's edge weights. */
public final class Pointwise {

    private Pointwise() {
    }

    public static Tensor exp(Tensor t) {
        return unary(UnaryOp.EXP, t);
    }

    public static Tensor log(Tensor t) {
        return unary(UnaryOp.LOG, t);
    }

    public static Tensor tanh(Tensor t) {
        return unary(UnaryOp.TANH, t);
    }

    public static Tensor sigmoid(Tensor t) {
        return unary(UnaryOp.SIGMOID, t);
    }

    public static Tensor relu(Tensor t) {
        return unary(UnaryOp.RELU, t);
    }

    public static Tensor neg(Tensor t) {
        return unary(UnaryOp.NEG, t);
    }

    public static Tensor abs(Tensor t) {
        return unary(UnaryOp.ABS, t);
    }

    public static Tensor sqrt(Tensor t) {
        return unary(UnaryOp.SQRT, t);
    }

    /** Arc cosine; inputs must lie in [-1, 1] (clamp first: the derivative is infinite at the ends). */
    public static Tensor acos(Tensor t) {
        return unary(UnaryOp.ACOS, t);
    }

    /** Applies {@code op} element-wise; backward uses {@link UnaryOp#derivative}. */
    public static Tensor unary(UnaryOp op, Tensor t) {
        float[] out = new float[t.size()];
        Backends.current().unary(op, out.length, t.data(), 0, out, 0);
        return Tensor.result(out, t.shape(), op.name().toLowerCase(java.util.Locale.ROOT),
                g -> Backends.current().unaryBackward(op, g.length, t.data(), out, g, t.gradBuffer()), t);
    }

    /** {@code t^p} element-wise. */
    public static Tensor pow(Tensor t, float p) {
        float[] x = t.data();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.pow(x[i], p);
        }
        return Tensor.result(out, t.shape(), "pow", g -> {
            float[] gx = t.gradBuffer();
            for (int i = 0; i < x.length; i++) {
                gx[i] += g[i] * p * (float) Math.pow(x[i], p - 1);
            }
        }, t);
    }

    /** Limits every element to {@code [lo, hi]}; the gradient passes only where the input was inside. */
    public static Tensor clamp(Tensor t, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo=" + lo + " > hi=" + hi);
        }
        float[] x = t.data();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.min(hi, Math.max(lo, x[i]));
        }
        return Tensor.result(out, t.shape(), "clamp", g -> {
            float[] gx = t.gradBuffer();
            for (int i = 0; i < x.length; i++) {
                if (x[i] >= lo && x[i] <= hi) {
                    gx[i] += g[i];
                }
            }
        }, t);
    }

    /** {@code max(t, lo)} element-wise. */
    public static Tensor clampMin(Tensor t, float lo) {
        return clamp(t, lo, Float.POSITIVE_INFINITY);
    }
}
