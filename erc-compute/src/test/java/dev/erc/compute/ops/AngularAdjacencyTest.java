package dev.erc.compute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.compute.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Graph#angularAdjacency} against the composite it replaces ({@code normalizeAdjacency(angular(
 * pairwiseCosine(nodes)).mul(mask), true)}): values and the nodes' gradient, at the model's sizes (16 dialogues,
 * two channels of up to 110 utterances, edge window 1, padded positions as zero nodes) and on a dense mask that
 * also weights the diagonal. OpGradientTest checks it against finite differences.
 */
class AngularAdjacencyTest {

    @Test
    void matchesTheCompositeAtTheModelsSizes() {
        SplittableRandom rng = new SplittableRandom(21);
        int[] lengths = new int[16];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = 8 + rng.nextInt(103);
        }
        int maxLen = 110;
        int channels = 2;
        int n = channels * maxLen;
        float[] mask = dialogueMask(lengths, maxLen, channels, 1, 0.7f);
        float[] x = new float[lengths.length * n * 64];
        for (int b = 0; b < lengths.length; b++) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < lengths[b]; t++) {
                    for (int k = 0; k < 64; k++) {
                        x[((b * n) + c * maxLen + t) * 64 + k] = (float) rng.nextGaussian();
                    }
                }
            }
        }
        compare(x, mask, lengths.length, n, 64, rng);
    }

    @Test
    void matchesTheCompositeOnADenseMaskWithWeightedSelfLoops() {
        SplittableRandom rng = new SplittableRandom(5);
        int batch = 3;
        int n = 12;
        int d = 9;
        float[] mask = new float[batch * n * n];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < 0.6 ? (float) rng.nextDouble(0.1, 2) : 0f;
        }
        float[] x = new float[batch * n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        compare(x, mask, batch, n, d, rng);
    }

    @Test
    void aZeroNodeGetsAFiniteGradientAndOnlyItsSelfLoop() {
        float[] x = {0, 0, 0, 1, 2, 3, 3, 1, 2};
        float[] mask = {0, 1, 1, 1, 0, 1, 1, 1, 0};
        Tensor nodes = Tensor.of(x, 1, 3, 3).requiresGrad(true);
        Tensor out = Graph.angularAdjacency(nodes, Tensor.of(mask, 1, 3, 3), Similarity.EPS);
        out.sum().backward();
        for (float g : nodes.grad()) {
            assertTrue(Float.isFinite(g), "finite gradient");
        }
        // the zero node's cosines are 0: angular weight 1/2 to each neighbour, so degree 1 + 1/2 + 1/2
        assertEquals(0.5f, out.data()[0], 1e-6f);
        double degree1 = 1 + 0.5 + (1 - Math.acos(cosine(x, 1, 2)) / Math.PI);
        assertEquals(0.5 / Math.sqrt(2) / Math.sqrt(degree1), out.data()[1], 1e-6);
    }

    private static double cosine(float[] x, int u, int v) {
        double dot = 0;
        double nu = 0;
        double nv = 0;
        for (int k = 0; k < 3; k++) {
            dot += x[u * 3 + k] * x[v * 3 + k];
            nu += x[u * 3 + k] * x[u * 3 + k];
            nv += x[v * 3 + k] * x[v * 3 + k];
        }
        return dot / Math.sqrt(nu * nv);
    }

    private static void compare(float[] x, float[] maskData, int batch, int n, int d, SplittableRandom rng) {
        Tensor mask = Tensor.of(maskData, batch, n, n);
        float[] r = new float[batch * n * n];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) rng.nextGaussian();
        }
        Tensor a = Tensor.of(x.clone(), batch, n, d).requiresGrad(true);
        Tensor fused = Graph.angularAdjacency(a, mask, Similarity.EPS);
        fused.mul(Tensor.of(r, batch, n, n)).sum().backward();
        Tensor b = Tensor.of(x.clone(), batch, n, d).requiresGrad(true);
        Tensor composite = Graph.normalizeAdjacency(Similarity.angular(Similarity.pairwiseCosine(b, Similarity.EPS))
                .mul(mask), true);
        composite.mul(Tensor.of(r, batch, n, n)).sum().backward();
        assertClose("values", composite.data(), fused.data(), 2e-6);
        assertClose("node gradients", b.grad(), a.grad(), 2e-4);
    }

    /** Absolute error against a bound relative to the largest reference value; NaN in the reference is skipped. */
    private static void assertClose(String what, float[] expected, float[] actual, double tol) {
        double max = 0;
        for (float v : expected) {
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int compared = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!Float.isFinite(expected[i])) {
                continue;
            }
            compared++;
            assertEquals(expected[i], actual[i], tol * Math.max(max, 1e-12), what + " at " + i);
        }
        assertTrue(compared > expected.length / 2, what + ": compared " + compared + " of " + expected.length);
    }

    /**
     * The model's dialogue graph mask (erc-model's ContextGraph.edgeMask): neighbours within {@code window} in a
     * channel with weight 1, the same utterance across channels with {@code gamma}, nothing at padded positions.
     */
    static float[] dialogueMask(int[] lengths, int maxLen, int channels, int window, float gamma) {
        int n = channels * maxLen;
        float[] m = new float[lengths.length * n * n];
        for (int b = 0; b < lengths.length; b++) {
            for (int c1 = 0; c1 < channels; c1++) {
                for (int c2 = 0; c2 < channels; c2++) {
                    for (int i = 0; i < lengths[b]; i++) {
                        for (int j = Math.max(0, i - window); j <= Math.min(lengths[b] - 1, i + window); j++) {
                            boolean edge = c1 == c2 ? j != i : j == i;
                            if (edge) {
                                m[(b * n + c1 * maxLen + i) * n + c2 * maxLen + j] = c1 == c2 ? 1f : gamma;
                            }
                        }
                    }
                }
            }
        }
        return m;
    }
}
