package dev.erc.compute.ops;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.backend.BinaryOp;
import java.util.random.RandomGenerator;

/** Inverted dropout: zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)}. */
public final class Dropout {

    private Dropout() {
    }

    /**
     * @param training when false, or when {@code p == 0}, returns {@code t} unchanged
     * @param rng the source of the mask; pass a seeded generator for reproducible training
     */
    public static Tensor dropout(Tensor t, float p, boolean training, RandomGenerator rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        if (!training || p == 0f) {
            return t;
        }
        float keep = 1f / (1f - p);
        float[] mask = new float[t.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : keep;
        }
        float[] out = new float[mask.length];
        Backends.current().binary(BinaryOp.MUL, out.length, t.data(), 0, mask, 0, out, 0);
        return Tensor.result(out, t.shape(), "dropout",
                g -> Backends.current().binaryAccumulate(BinaryOp.MUL, g.length, g, 0, mask, 0, t.gradBuffer(), 0), t);
    }
}
