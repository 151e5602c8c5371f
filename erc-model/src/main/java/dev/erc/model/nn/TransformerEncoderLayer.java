package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Pointwise;
import java.util.random.RandomGenerator;

/**
 * {@code torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation="relu",
 * batch_first=True, norm_first=False)}: post-norm, {@code x = norm1(x + dropout1(selfAttn(x)))},
 * {@code x = norm2(x + dropout2(linear2(dropout(relu(linear1(x))))))}. Parameter names match PyTorch's.
 */
public final class TransformerEncoderLayer extends Module {

    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    public TransformerEncoderLayer(int dModel, int heads, int dimFeedforward, float dropout, RandomGenerator rng) {
        this.selfAttn = child("self_attn", new MultiheadAttention(dModel, heads, dropout, rng));
        this.linear1 = child("linear1", new Linear(dModel, dimFeedforward, true, rng));
        this.dropout = child("dropout", new Dropout(dropout, rng));
        this.linear2 = child("linear2", new Linear(dimFeedforward, dModel, true, rng));
        this.norm1 = child("norm1", new LayerNorm(dModel));
        this.norm2 = child("norm2", new LayerNorm(dModel));
        this.dropout1 = child("dropout1", new Dropout(dropout, rng));
        this.dropout2 = child("dropout2", new Dropout(dropout, rng));
    }

    /**
     * @param x {@code [batch, len, dModel]}
     * @param keyPadding {@code [batch * len]}, true at padded positions; or null
     */
    public Tensor forward(Tensor x, boolean[] keyPadding) {
        Tensor h = norm1.forward(x.add(dropout1.forward(selfAttn.forward(x, keyPadding))));
        Tensor ff = linear2.forward(dropout.forward(Pointwise.relu(linear1.forward(h))));
        return norm2.forward(h.add(dropout2.forward(ff)));
    }

    @Override
    public String toString() {
        return "TransformerEncoderLayer(" + selfAttn + ", ff=" + linear1 + ")";
    }
}
