package dev.erc.compute.ops;

import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;

/** Sums and means over all elements or over chosen axes. */
public final class Reduce {

    private Reduce() {
    }

    /** Sum of all elements, as a rank-0 tensor. */
    public static Tensor sum(Tensor t) {
        float[] out = {(float) Backends.current().sum(t.size(), t.data(), 0)};
        return Tensor.result(out, new int[0], "sum", g -> addConstant(t.gradBuffer(), g[0]), t);
    }

    /** Mean of all elements, as a rank-0 tensor. */
    public static Tensor mean(Tensor t) {
        int n = t.size();
        float[] out = {(float) (Backends.current().sum(n, t.data(), 0) / n)};
        return Tensor.result(out, new int[0], "mean", g -> addConstant(t.gradBuffer(), g[0] / n), t);
    }

    /** Sum over {@code axes}; reduced axes are kept with size 1 when {@code keepDims}. */
    public static Tensor sum(Tensor t, boolean keepDims, int... axes) {
        return reduce(t, keepDims, false, axes);
    }

    /** Mean over {@code axes}; reduced axes are kept with size 1 when {@code keepDims}. */
    public static Tensor mean(Tensor t, boolean keepDims, int... axes) {
        return reduce(t, keepDims, true, axes);
    }

    private static Tensor reduce(Tensor t, boolean keepDims, boolean mean, int... axes) {
        boolean[] reduced = new boolean[t.rank()];
        for (int a : axes) {
            reduced[Shapes.axis(a, t.rank(), mean ? "mean" : "sum")] = true;
        }
        Tensor r = t;
        for (int d = t.rank() - 1; d >= 0; d--) {
            if (reduced[d]) {
                r = reduceAxis(r, d, mean);
            }
        }
        if (keepDims) {
            return r;
        }
        int[] shape = t.shape();
        int[] kept = new int[shape.length - countTrue(reduced)];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                kept[j++] = shape[d];
            }
        }
        return Reshape.reshape(r, kept);
    }

    private static int countTrue(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            c += x ? 1 : 0;
        }
        return c;
    }

    /** Reduces one axis, keeping it with size 1. */
    private static Tensor reduceAxis(Tensor t, int axis, boolean mean) {
        int[] shape = t.shape();
        int outer = Shapes.product(shape, 0, axis);
        int len = shape[axis];
        int inner = Shapes.product(shape, axis + 1, shape.length);
        float scale = mean ? 1f / len : 1f;
        Backend be = Backends.current();
        float[] x = t.data();
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            if (inner == 1) {
                out[o] = (float) (be.sum(len, x, o * len) * scale);
            } else {
                for (int l = 0; l < len; l++) {
                    be.axpy(inner, scale, x, (o * len + l) * inner, out, o * inner);
                }
            }
        }
        int[] outShape = shape.clone();
        outShape[axis] = 1;
        return Tensor.result(out, outShape, mean ? "mean" : "sum", g -> {
            Backend bk = Backends.current();
            float[] gx = t.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int l = 0; l < len; l++) {
                    if (inner == 1) {
                        gx[o * len + l] += g[o] * scale;
                    } else {
                        bk.axpy(inner, scale, g, o * inner, gx, (o * len + l) * inner);
                    }
                }
            }
        }, t);
    }

    private static void addConstant(float[] g, float v) {
        for (int i = 0; i < g.length; i++) {
            g[i] += v;
        }
    }
}
