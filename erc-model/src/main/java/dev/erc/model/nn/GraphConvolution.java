package dev.erc.model.nn;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Graph;
import java.util.random.RandomGenerator;

/**
 * Spectral graph convolution (Kipf and Welling, 2017) over a batch of dense per-dialogue graphs:
 * {@code H' = Â H W + b} with {@code Â = D^-1/2 (A + I) D^-1/2}. Parameters as in Kipf's reference
 * implementation: {@code weight [in, out]} and {@code bias [out]}, U(-1/sqrt(out), 1/sqrt(out)). Padded nodes should
 * have all-zero rows and columns in A: they then only see themselves and leave real nodes untouched.
 */
public final class GraphConvolution extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final int in;
    private final int out;

    public GraphConvolution(int in, int out, boolean bias, RandomGenerator rng) {
        this.in = in;
        this.out = out;
        float bound = Init.fanInBound(out);
        this.weight = parameter("weight", Init.uniform(rng, bound, in, out));
        this.bias = bias ? parameter("bias", Init.uniform(rng, bound, out)) : null;
    }

    /**
     * @param x node features {@code [batch, nodes, in]}
     * @param adjacency edge weights {@code [batch, nodes, nodes]}, self-loops not included
     */
    public Tensor forward(Tensor x, Tensor adjacency) {
        if (x.rank() != 3 || adjacency.rank() != 3 || adjacency.dim(1) != x.dim(1) || adjacency.dim(2) != x.dim(1)
                || adjacency.dim(0) != x.dim(0)) {
            throw new ShapeMismatchException("GraphConvolution", "needs x [b, n, in] and adjacency [b, n, n], got",
                    x.shape(), adjacency.shape());
        }
        return forwardNormalized(x, Graph.normalizeAdjacency(adjacency, true));
    }

    /** The convolution with an already normalised adjacency {@code Â}, for graphs reused over several layers. */
    public Tensor forwardNormalized(Tensor x, Tensor normalizedAdjacency) {
        Tensor support = x.matmul(weight);
        Tensor h = normalizedAdjacency.matmul(support);
        return bias == null ? h : h.add(bias);
    }

    @Override
    public String toString() {
        return "GraphConvolution(in=" + in + ", out=" + out + ", bias=" + (bias != null) + ")";
    }
}
