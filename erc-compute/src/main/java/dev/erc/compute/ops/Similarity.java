package dev.erc.compute.ops;

import dev.erc.compute.autograd.Tensor;

/**
 * Cosine similarity, the first step of the paper's edge weights {@code 1 - arccos(cos(n_i, n_j)) / pi} (eq. 3).
 * Built from differentiable ops, so its gradient comes from theirs.
 */
public final class Similarity {

    /** PyTorch's default epsilon for {@code F.cosine_similarity}. */
    public static final float EPS = 1e-8f;

    /** The cosines' clamp just inside arccos's domain, where its derivative is finite (shared with the fused op). */
    static final float COS_LO = -1f + 1e-6f;
    static final float COS_HI = 1f - 1e-6f;

    private Similarity() {
    }

    /** Each slice along {@code axis} divided by {@code max(norm, eps)}, as {@code torch.nn.functional.normalize}. */
    public static Tensor normalize(Tensor x, int axis, float eps) {
        Tensor norm = Pointwise.sqrt(Reduce.sum(x.mul(x), true, axis));
        return x.div(Pointwise.clampMin(norm, eps));
    }

    /**
     * {@code torch.nn.functional.cosine_similarity(a, b, dim=axis, eps)}: each input is divided by its norm
     * clamped below at {@code eps}, then the products are summed along {@code axis} (which is removed).
     */
    public static Tensor cosine(Tensor a, Tensor b, int axis, float eps) {
        return Reduce.sum(normalize(a, axis, eps).mul(normalize(b, axis, eps)), false, axis);
    }

    /** All pairwise cosines of the rows of {@code x [..., n, d]}: a {@code [..., n, n]} matrix. */
    public static Tensor pairwiseCosine(Tensor x, float eps) {
        Tensor u = normalize(x, -1, eps);
        return MatMul.matmul(u, Reshape.transpose(u, -1, -2));
    }

    /**
     * Angular similarity {@code 1 - arccos(c) / pi} of cosines {@code c}, clamped into arccos's domain just inside
     * [-1, 1] where its derivative is finite.
     */
    public static Tensor angular(Tensor cosines) {
        Tensor c = Pointwise.clamp(cosines, COS_LO, COS_HI);
        return Arithmetic.addScalar(Arithmetic.scale(Pointwise.acos(c), (float) (-1.0 / Math.PI)), 1f);
    }
}
