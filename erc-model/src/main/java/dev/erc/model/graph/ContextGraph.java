package dev.erc.model.graph;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Graph;
import dev.erc.compute.ops.Reshape;
import dev.erc.compute.ops.Similarity;

/**
 * The paper's dialogue graph over {@code K} channels of {@code T} utterances (PMF: the two modalities of a pair,
 * K = 2; MFF: the three pair features, K = 3). Node {@code k * T + t} is channel k at utterance t. Edge weights are
 * learned from the node features:
 * <ul>
 * <li>intra-channel edges between utterances at most {@code window} apart: {@code 1 - arccos(cos(n_i, n_j)) / pi}
 * (eq. 3);</li>
 * <li>inter-channel edges between the channels of the same utterance: {@code gamma (1 - arccos(cos) / pi)}
 * (eq. 4).</li>
 * </ul>
 * Padded positions have no edges. The adjacency is then renormalised as Kipf and Welling's
 * {@code D^-1/2 (A + I) D^-1/2} (the paper's eq. 5 and reference [52]).
 */
public final class ContextGraph {

    private ContextGraph() {
    }

    /**
     * The structural mask: which node pairs are joined, with weight 1 (intra) or {@code gamma} (inter).
     *
     * @return {@code [batch, K*T, K*T]}
     */
    public static Tensor edgeMask(int[] lengths, int maxLen, int channels, int window, float gamma) {
        int n = channels * maxLen;
        float[] m = new float[lengths.length * n * n];
        for (int b = 0; b < lengths.length; b++) {
            int base = b * n * n;
            for (int c1 = 0; c1 < channels; c1++) {
                for (int c2 = 0; c2 < channels; c2++) {
                    for (int i = 0; i < lengths[b]; i++) {
                        if (c1 == c2) {
                            int lo = window < 0 ? 0 : Math.max(0, i - window);
                            int hi = window < 0 ? lengths[b] - 1 : Math.min(lengths[b] - 1, i + window);
                            for (int j = lo; j <= hi; j++) {
                                if (j != i) {
                                    m[base + (c1 * maxLen + i) * n + c2 * maxLen + j] = 1f;
                                }
                            }
                        } else {
                            m[base + (c1 * maxLen + i) * n + c2 * maxLen + i] = gamma;
                        }
                    }
                }
            }
        }
        return Tensor.of(m, lengths.length, n, n);
    }

    /**
     * The renormalised adjacency of nodes {@code [batch, K*T, d]} under {@code mask} (from {@link #edgeMask}):
     * angular similarities of the node features, kept where the mask is non-zero and scaled by it.
     */
    public static Tensor normalizedAdjacency(Tensor nodes, Tensor mask) {
        return Graph.angularAdjacency(nodes, mask, Similarity.EPS);
    }

    /** {@code [batch, T, d]} channels stacked as nodes {@code [batch, K*T, d]}. */
    public static Tensor stackChannels(Tensor... channels) {
        return dev.erc.compute.ops.Join.concat(1, channels);
    }

    /** Node outputs {@code [batch, K*T, g]} regrouped per utterance: {@code [batch, T, K*g]}. */
    public static Tensor perUtterance(Tensor nodes, int channels) {
        int b = nodes.dim(0);
        int t = nodes.dim(1) / channels;
        int g = nodes.dim(2);
        return Reshape.reshape(Reshape.permute(Reshape.reshape(nodes, b, channels, t, g), 0, 2, 1, 3), b, t,
                channels * g);
    }
}
