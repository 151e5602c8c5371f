package dev.erc.compute.ops;

import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;

/** Softmax and log-softmax along one axis (the last axis runs in place; others go through a transpose). */
public final class Softmax {

    private Softmax() {
    }

    public static Tensor softmax(Tensor t, int axis) {
        return apply(t, axis, false);
    }

    public static Tensor logSoftmax(Tensor t, int axis) {
        return apply(t, axis, true);
    }

    private static Tensor apply(Tensor t, int axis, boolean log) {
        int a = Shapes.axis(axis, t.rank(), log ? "logSoftmax" : "softmax");
        int last = t.rank() - 1;
        if (a != last) {
            return Reshape.transpose(apply(Reshape.transpose(t, a, last), -1, log), a, last);
        }
        int cols = t.dim(-1);
        int rows = cols == 0 ? 0 : t.size() / cols;
        float[] out = new float[t.size()];
        Backends.current().softmaxRows(log, rows, cols, t.data(), out);
        return Tensor.result(out, t.shape(), log ? "logSoftmax" : "softmax",
                g -> Backends.current().softmaxRowsBackward(log, rows, cols, out, g, t.gradBuffer()), t);
    }
}
