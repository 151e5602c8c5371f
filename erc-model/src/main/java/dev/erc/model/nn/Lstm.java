package dev.erc.model.nn;

import java.util.random.RandomGenerator;

/**
 * A multi-layer, optionally bidirectional LSTM over padded batches with lengths, equivalent to
 * {@code torch.nn.LSTM(batch_first=True)} fed with {@code pack_padded_sequence(enforce_sorted=False)}.
 *
 * <pre>{@code
 * Lstm lstm = new Lstm(1582, 100, 2, true, 0f, new SplittableRandom(1));
 * RnnOutput r = lstm.forward(x, lengths);   // x [dialogues, maxLen, 1582] -> r.output() [dialogues, maxLen, 200]
 * }</pre>
 */
public final class Lstm extends RecurrentNetwork {

    public Lstm(int inputSize, int hidden, int layers, boolean bidirectional, float dropout, RandomGenerator rng) {
        super(LstmDirection.INSTANCE, inputSize, hidden, layers, bidirectional, dropout, rng);
    }
}
