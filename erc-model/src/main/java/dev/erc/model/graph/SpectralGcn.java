package dev.erc.model.graph;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Pointwise;
import dev.erc.model.nn.Dropout;
import dev.erc.model.nn.GraphConvolution;
import dev.erc.model.nn.Module;
import java.util.random.RandomGenerator;

/**
 * Two spectral graph convolutions (Kipf and Welling) with ReLU and dropout between them, over a renormalised
 * adjacency: {@code H = Â relu(Â X W1 + b1) W2 + b2}.
 */
public final class SpectralGcn extends Module {

    private final GraphConvolution first;
    private final GraphConvolution second;
    private final Dropout dropout;

    public SpectralGcn(int in, int hidden, int out, float dropout, RandomGenerator rng) {
        this.first = child("gc1", new GraphConvolution(in, hidden, true, rng));
        this.second = child("gc2", new GraphConvolution(hidden, out, true, rng));
        this.dropout = child("dropout", new Dropout(dropout, rng));
    }

    /** @param adjacency already renormalised ({@link ContextGraph#normalizedAdjacency}) */
    public Tensor forward(Tensor nodes, Tensor adjacency) {
        Tensor h = dropout.forward(Pointwise.relu(first.forwardNormalized(nodes, adjacency)));
        return second.forwardNormalized(h, adjacency);
    }
}
