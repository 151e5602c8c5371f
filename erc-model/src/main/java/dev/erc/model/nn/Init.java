package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import java.util.random.RandomGenerator;

/** PyTorch's default initialisations, drawn from a caller's seeded generator. */
public final class Init {

    private Init() {
    }

    /** U(-bound, bound): {@code nn.Linear}'s default for weight and bias is {@code bound = 1/sqrt(fanIn)}. */
    public static Tensor uniform(RandomGenerator rng, float bound, int... shape) {
        return Tensor.uniform(rng, -bound, bound, shape);
    }

    /** Xavier/Glorot uniform for a {@code [fanOut, fanIn]} weight: {@code bound = sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(RandomGenerator rng, int fanOut, int fanIn) {
        return uniform(rng, (float) Math.sqrt(6.0 / (fanIn + fanOut)), fanOut, fanIn);
    }

    /** N(0, 1), {@code nn.Embedding}'s default. */
    public static Tensor normal(RandomGenerator rng, int... shape) {
        return Tensor.randn(rng, shape);
    }

    /** {@code 1/sqrt(fanIn)}, the bound of {@code nn.Linear}'s and the recurrent layers' defaults. */
    public static float fanInBound(int fanIn) {
        return (float) (1.0 / Math.sqrt(fanIn));
    }
}
