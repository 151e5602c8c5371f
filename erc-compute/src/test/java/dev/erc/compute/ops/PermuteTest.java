package dev.erc.compute.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.erc.compute.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Reshape#permute} against element-by-element index arithmetic, for permutations that keep trailing axes in
 * place (copied as blocks) and ones that move the last axis; the gradient routes each element back unchanged.
 */
class PermuteTest {

    @Test
    void everyElementLandsWhereItsIndicesSay() {
        int[] shape = {3, 4, 5, 6};
        int[][] perms = {{0, 2, 1, 3}, {1, 0, 2, 3}, {0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 1, 3}, {-4, -2, -3, -1},
            {0, 1, 3, 2}};
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = Tensor.randn(rng, shape).requiresGrad(true);
        for (int[] perm : perms) {
            Tensor y = Reshape.permute(x, perm);
            float[] expected = reference(x.data(), shape, perm);
            assertArrayEquals(expected, y.data(), java.util.Arrays.toString(perm));
            x.zeroGrad();
            float[] g = new float[y.size()];
            for (int i = 0; i < g.length; i++) {
                g[i] = i;
            }
            y.backward(g);
            // the gradient of element e of x is the index of the output element e went to
            float[] back = new float[x.size()];
            int[] where = new int[x.size()];
            float[] ids = new float[x.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
            float[] moved = reference(ids, shape, perm);
            for (int i = 0; i < moved.length; i++) {
                where[(int) moved[i]] = i;
            }
            for (int e = 0; e < back.length; e++) {
                back[e] = where[e];
            }
            assertArrayEquals(back, x.grad(), "gradient " + java.util.Arrays.toString(perm));
        }
    }

    private static float[] reference(float[] x, int[] shape, int[] perm) {
        int rank = shape.length;
        int[] axes = new int[rank];
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = perm[i] < 0 ? perm[i] + rank : perm[i];
            outShape[i] = shape[axes[i]];
        }
        float[] out = new float[x.length];
        int[] idx = new int[rank];
        for (int o = 0; o < out.length; o++) {
            int rem = o;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % outShape[d];
                rem /= outShape[d];
            }
            int src = 0;
            for (int d = 0; d < rank; d++) {
                src = src * shape[d] + idxOfInputAxis(idx, axes, d);
            }
            out[o] = x[src];
        }
        return out;
    }

    /** The index along input axis {@code d} of an output element with indices {@code idx}. */
    private static int idxOfInputAxis(int[] idx, int[] axes, int d) {
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] == d) {
                return idx[i];
            }
        }
        throw new IllegalStateException();
    }
}
