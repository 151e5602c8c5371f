package dev.erc.compute.ops;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;

/** Vector norms of a whole tensor, as used by the paper's density loss (L1) and weight penalty (L2). */
public final class Norms {

    private Norms() {
    }

    /** {@code sum |x|}. The subgradient at 0 is 0. */
    public static Tensor l1(Tensor t) {
        float[] x = t.data();
        double s = 0;
        for (float v : x) {
            s += Math.abs(v);
        }
        return Tensor.result(new float[] {(float) s}, new int[0], "l1", g -> {
            float[] gx = t.gradBuffer();
            for (int i = 0; i < x.length; i++) {
                gx[i] += g[0] * Math.signum(x[i]);
            }
        }, t);
    }

    /** {@code sqrt(sum x^2)}. The gradient at the zero vector is taken as 0. */
    public static Tensor l2(Tensor t) {
        float[] x = t.data();
        double norm = Math.sqrt(Backends.current().dot(x.length, x, 0, x, 0));
        return Tensor.result(new float[] {(float) norm}, new int[0], "l2", g -> {
            if (norm > 0) {
                Backends.current().axpy(x.length, (float) (g[0] / norm), x, 0, t.gradBuffer(), 0);
            }
        }, t);
    }

    /** {@code sum x^2}, the usual L2 weight penalty. */
    public static Tensor squaredL2(Tensor t) {
        float[] x = t.data();
        double s = Backends.current().dot(x.length, x, 0, x, 0);
        return Tensor.result(new float[] {(float) s}, new int[0], "squaredL2",
                g -> Backends.current().axpy(x.length, 2f * g[0], x, 0, t.gradBuffer(), 0), t);
    }
}
