package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;

/** Layer normalisation over the last axis, with PyTorch's biased variance. */
public final class LayerNorm {

    private LayerNorm() {
    }

    /** {@code (x - mean) / sqrt(var + eps) * gamma + beta} per row of the last axis; gamma and beta are {@code [d]}. */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int d = x.dim(-1);
        if (gamma.size() != d || beta.size() != d) {
            throw new ShapeMismatchException("layerNorm", "gamma/beta must have the last dimension of x", x.shape(),
                    gamma.shape());
        }
        int rows = d == 0 ? 0 : x.size() / d;
        float[] out = new float[x.size()];
        // mean and rstd are kept for backward
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        Backends.current().layerNormRows(rows, d, eps, x.data(), gamma.data(), beta.data(), out, mean, rstd);
        return Tensor.result(out, x.shape(), "layerNorm", g -> Backends.current().layerNormRowsBackward(rows, d,
                x.data(), gamma.data(), mean, rstd, g,
                x.requiresGrad() ? x.gradBuffer() : null,
                gamma.requiresGrad() ? gamma.gradBuffer() : null,
                beta.requiresGrad() ? beta.gradBuffer() : null), x, gamma, beta);
    }
}
