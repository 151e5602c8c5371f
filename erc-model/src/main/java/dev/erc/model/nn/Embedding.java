package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Index;
import java.util.random.RandomGenerator;

/** A lookup table of {@code count} vectors of size {@code dim}, as {@code torch.nn.Embedding}; weight ~ N(0, 1). */
public final class Embedding extends Module {

    private final Tensor weight;
    private final int count;
    private final int dim;

    public Embedding(int count, int dim, RandomGenerator rng) {
        this.count = count;
        this.dim = dim;
        this.weight = parameter("weight", Init.normal(rng, count, dim));
    }

    /** The rows {@code ids}, as a {@code [ids.length, dim]} tensor. */
    public Tensor forward(int... ids) {
        for (int id : ids) {
            if (id < 0 || id >= count) {
                throw new IndexOutOfBoundsException("Embedding: id " + id + " outside [0, " + count + ")");
            }
        }
        return Index.indexSelect(weight, 0, ids);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public String toString() {
        return "Embedding(count=" + count + ", dim=" + dim + ")";
    }
}
