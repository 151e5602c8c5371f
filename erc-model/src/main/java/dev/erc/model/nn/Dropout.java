package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import java.util.random.RandomGenerator;

/** Inverted dropout that is active only in training mode; masks come from the generator given at construction. */
public final class Dropout extends Module {

    private final float p;
    private final RandomGenerator rng;

    public Dropout(float p, RandomGenerator rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    public Tensor forward(Tensor x) {
        return dev.erc.compute.ops.Dropout.dropout(x, p, isTraining(), rng);
    }

    public float p() {
        return p;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
