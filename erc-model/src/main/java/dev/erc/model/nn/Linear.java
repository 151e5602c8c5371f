package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.MatMul;
import java.util.random.RandomGenerator;

/**
 * {@code y = x Wᵀ + b} over the last axis, as {@code torch.nn.Linear}. Parameters: {@code weight [out, in]},
 * {@code bias [out]} (optional), both initialised U(-1/sqrt(in), 1/sqrt(in)).
 */
public final class Linear extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final int in;
    private final int out;

    public Linear(int in, int out, boolean bias, RandomGenerator rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + " out=" + out);
        }
        this.in = in;
        this.out = out;
        float bound = Init.fanInBound(in);
        this.weight = parameter("weight", Init.uniform(rng, bound, out, in));
        this.bias = bias ? parameter("bias", Init.uniform(rng, bound, out)) : null;
    }

    public Linear(int in, int out, RandomGenerator rng) {
        this(in, out, true, rng);
    }

    public Tensor forward(Tensor x) {
        return MatMul.linear(x, weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Linear(in=" + in + ", out=" + out + ", bias=" + (bias != null) + ")";
    }
}
