package dev.erc.model.nn;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Index;
import dev.erc.compute.ops.Join;
import dev.erc.compute.ops.Reshape;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A stack of recurrent layers, each uni- or bidirectional, over a padded batch-first batch with per-sequence
 * lengths: the shared machinery of {@link Lstm} and {@link Gru}. Parameters are named as in PyTorch
 * ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code ..._reverse}) and
 * initialised U(-1/sqrt(hidden), 1/sqrt(hidden)). Dropout, when non-zero, applies to the outputs of every layer but
 * the last, in training mode only.
 */
public abstract class RecurrentNetwork extends Module {

    private final int inputSize;
    private final int hidden;
    private final int layers;
    private final boolean bidirectional;
    private final Dropout dropout;
    private final RecurrentLayer layer;
    /** [layer][direction][weight_ih, weight_hh, bias_ih, bias_hh] */
    private final Tensor[][][] weights;

    RecurrentNetwork(RecurrentDirection cell, int inputSize, int hidden, int layers, boolean bidirectional,
                     float dropout, RandomGenerator rng) {
        if (inputSize <= 0 || hidden <= 0 || layers <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got input="
                    + inputSize + " hidden=" + hidden + " layers=" + layers);
        }
        this.layer = new RecurrentLayer(cell);
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.layers = layers;
        this.bidirectional = bidirectional;
        this.dropout = new Dropout(dropout, rng);
        int dirs = bidirectional ? 2 : 1;
        float bound = Init.fanInBound(hidden);
        int gh = cell.gates * hidden;
        weights = new Tensor[layers][dirs][];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : hidden * dirs;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                weights[l][d] = new Tensor[] {
                    parameter("weight_ih" + suffix, Init.uniform(rng, bound, gh, in)),
                    parameter("weight_hh" + suffix, Init.uniform(rng, bound, gh, hidden)),
                    parameter("bias_ih" + suffix, Init.uniform(rng, bound, gh)),
                    parameter("bias_hh" + suffix, Init.uniform(rng, bound, gh)),
                };
            }
        }
    }

    /**
     * @param x {@code [batch, maxLen, inputSize]}, padded after each sequence's length
     * @param lengths the valid length of each sequence, in [1, maxLen]
     */
    public RnnOutput forward(Tensor x, int[] lengths) {
        if (x.rank() != 3 || x.dim(2) != inputSize) {
            throw new ShapeMismatchException(getClass().getSimpleName(), "expects [batch, maxLen, " + inputSize
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        if (lengths.length != x.dim(0)) {
            throw new ShapeMismatchException(getClass().getSimpleName(), "lengths has " + lengths.length
                    + " entries for a batch of " + x.dim(0));
        }
        int maxLen = x.dim(1);
        SequenceLayout forwardLayout = new SequenceLayout(lengths, maxLen, false);
        SequenceLayout[] layouts = bidirectional
                ? new SequenceLayout[] {forwardLayout, new SequenceLayout(lengths, maxLen, true)}
                : new SequenceLayout[] {forwardLayout};
        int dirs = layouts.length;
        int batch = lengths.length;
        // each direction's final state: the forward one's at each last position, the reverse one's at position 0
        int[] ends = new int[batch * dirs * hidden];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(ends, b * dirs * hidden, b * dirs * hidden + hidden, lengths[b] - 1);
        }
        List<Tensor> finals = new ArrayList<>();
        Tensor input = x;
        for (int l = 0; l < layers; l++) {
            Tensor out = layer.apply(input, layouts, weights[l]);
            Tensor at = Index.gather(out, 1, ends, new int[] {batch, 1, dirs * hidden});
            for (int d = 0; d < dirs; d++) {
                finals.add(dirs == 1 ? at : Index.slice(at, 2, d * hidden, (d + 1) * hidden));
            }
            input = l < layers - 1 ? dropout.forward(out) : out;
        }
        Tensor hN = Reshape.reshape(Join.stack(0, finals.toArray(new Tensor[0])), finals.size(), batch, hidden);
        return new RnnOutput(input, hN);
    }

    public int hiddenSize() {
        return hidden;
    }

    /** Size of the output's last axis: {@code hidden}, doubled when bidirectional. */
    public int outputSize() {
        return bidirectional ? 2 * hidden : hidden;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(input=" + inputSize + ", hidden=" + hidden + ", layers=" + layers
                + ", bidirectional=" + bidirectional + ", dropout=" + dropout.p() + ")";
    }
}
