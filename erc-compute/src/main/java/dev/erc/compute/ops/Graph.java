package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;

/** Graph operations for spectral graph convolution. */
public final class Graph {

    private Graph() {
    }

    /**
     * Kipf and Welling's renormalised adjacency {@code D^-1/2 (A + I) D^-1/2} of {@code adjacency [..., n, n]}
     * (without {@code + I} when {@code addSelfLoops} is false), where {@code D} holds the row sums. Nodes of degree
     * 0 get 0 instead of an infinite scale. Differentiable in {@code A}: the paper's edge weights are learned.
     */
    public static Tensor normalizeAdjacency(Tensor adjacency, boolean addSelfLoops) {
        int n = adjacency.dim(-1);
        if (adjacency.rank() < 2 || adjacency.dim(-2) != n) {
            throw new ShapeMismatchException("normalizeAdjacency", "needs square [..., n, n] matrices, got "
                    + java.util.Arrays.toString(adjacency.shape()));
        }
        Tensor a = adjacency;
        if (addSelfLoops) {
            float[] eye = new float[n * n];
            for (int i = 0; i < n; i++) {
                eye[i * n + i] = 1f;
            }
            a = a.add(Tensor.of(eye, n, n));
        }
        Tensor dInv = inverseSqrt(Reduce.sum(a, true, -1));
        return a.mul(dInv).mul(Reshape.transpose(dInv, -1, -2));
    }

    /** {@code d^-1/2}, and 0 where {@code d <= 0}. */
    private static Tensor inverseSqrt(Tensor d) {
        float[] x = d.data();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] > 0f ? (float) (1.0 / Math.sqrt(x[i])) : 0f;
        }
        return Tensor.result(out, d.shape(), "inverseSqrt", g -> {
            float[] gx = d.gradBuffer();
            for (int i = 0; i < x.length; i++) {
                if (x[i] > 0f) {
                    gx[i] += -0.5f * g[i] * out[i] / x[i];
                }
            }
        }, d);
    }

    /**
     * The paper's learned, renormalised adjacency in one op: {@code D^-1/2 (W + I) D^-1/2} with
     * {@code W_ij = mask_ij (1 - arccos(cos(n_i, n_j)) / pi)} (eqs. 3-5), the cosine clamped just inside [-1, 1] as
     * {@link Similarity#angular} does and each node divided by {@code max(|n|, eps)} as {@link Similarity#normalize}.
     * It equals {@code normalizeAdjacency(angular(pairwiseCosine(nodes, eps)).mul(mask), true)}, but computes the
     * similarities only where the mask is non-zero: the dialogue graph joins each utterance to a few neighbours, so
     * the composite's all-pairs cosines, arccos and seven element-wise passes over {@code [batch, n, n]}, each way,
     * were mostly spent on entries the mask then zeroes.
     *
     * @param nodes {@code [batch, n, d]}
     * @param mask {@code [batch, n, n]}, a constant: when it requires a gradient the composite runs instead
     * @return {@code [batch, n, n]}, differentiable in {@code nodes}
     */
    public static Tensor angularAdjacency(Tensor nodes, Tensor mask, float eps) {
        if (nodes.rank() != 3 || mask.rank() != 3 || mask.dim(0) != nodes.dim(0) || mask.dim(1) != nodes.dim(1)
                || mask.dim(2) != nodes.dim(1)) {
            throw new ShapeMismatchException("angularAdjacency", "needs nodes [batch, n, d] and a mask [batch, n, n], "
                    + "got " + java.util.Arrays.toString(nodes.shape()) + " and "
                    + java.util.Arrays.toString(mask.shape()));
        }
        if (mask.requiresGrad()) {
            return normalizeAdjacency(Similarity.angular(Similarity.pairwiseCosine(nodes, eps)).mul(mask), true);
        }
        return AngularAdjacency.of(nodes, mask, eps);
    }
}
