package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;

/** Classification losses. */
public final class Loss {

    private Loss() {
    }

    /** Unweighted, unmasked cross-entropy; see {@link #crossEntropy(Tensor, int[], float[], boolean[])}. */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        return crossEntropy(logits, targets, null, null);
    }

    /**
     * Mean cross-entropy of {@code logits [n, c]} against class indices, with PyTorch's
     * {@code F.cross_entropy(weight=...)} semantics: {@code sum_i w[y_i] * nll_i / sum_i w[y_i]} over the rows whose
     * {@code mask} entry is true (padding rows are false). A batch with no valid row gives 0.
     *
     * @param classWeights per-class weights, or null for all ones
     * @param mask per-row validity, or null when every row counts
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets, float[] classWeights, boolean[] mask) {
        if (logits.rank() != 2) {
            throw new ShapeMismatchException("crossEntropy", "logits must be [n, classes], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (targets.length != n) {
            throw new ShapeMismatchException("crossEntropy", "targets has " + targets.length + " entries for "
                    + n + " rows of logits");
        }
        if (mask != null && mask.length != n) {
            throw new ShapeMismatchException("crossEntropy", "mask has " + mask.length + " entries for " + n + " rows");
        }
        if (classWeights != null && classWeights.length != c) {
            throw new ShapeMismatchException("crossEntropy", "classWeights has " + classWeights.length
                    + " entries for " + c + " classes");
        }
        Tensor logp = Softmax.logSoftmax(logits, -1);
        float[] lp = logp.data();
        double total = 0;
        double denom = 0;
        for (int i = 0; i < n; i++) {
            if (mask != null && !mask[i]) {
                continue;
            }
            int y = targets[i];
            if (y < 0 || y >= c) {
                throw new IllegalArgumentException("crossEntropy: target " + y + " at row " + i
                        + " is outside [0, " + c + ")");
            }
            double w = classWeights == null ? 1.0 : classWeights[y];
            total -= w * lp[i * c + y];
            denom += w;
        }
        float loss = denom == 0 ? 0f : (float) (total / denom);
        final double z = denom;
        return Tensor.result(new float[] {loss}, new int[0], "crossEntropy", g -> {
            if (z == 0) {
                return;
            }
            float[] gl = logp.gradBuffer();
            for (int i = 0; i < n; i++) {
                if (mask == null || mask[i]) {
                    double w = classWeights == null ? 1.0 : classWeights[targets[i]];
                    gl[i * c + targets[i]] -= (float) (g[0] * w / z);
                }
            }
        }, logp);
    }
}
