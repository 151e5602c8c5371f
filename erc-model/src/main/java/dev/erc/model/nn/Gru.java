package dev.erc.model.nn;

import java.util.random.RandomGenerator;

/**
 * A multi-layer, optionally bidirectional GRU over padded batches with lengths, equivalent to
 * {@code torch.nn.GRU(batch_first=True)} fed with {@code pack_padded_sequence(enforce_sorted=False)}.
 */
public final class Gru extends RecurrentNetwork {

    public Gru(int inputSize, int hidden, int layers, boolean bidirectional, float dropout, RandomGenerator rng) {
        super(GruDirection.INSTANCE, inputSize, hidden, layers, bidirectional, dropout, rng);
    }
}
