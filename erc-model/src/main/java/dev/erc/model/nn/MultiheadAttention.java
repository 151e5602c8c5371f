package dev.erc.model.nn;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.MatMul;
import dev.erc.compute.ops.Masking;
import dev.erc.compute.ops.Reshape;
import dev.erc.compute.ops.Softmax;
import java.util.random.RandomGenerator;

/**
 * Multi-head scaled dot-product attention with a key-padding mask, as {@code torch.nn.MultiheadAttention(embed,
 * heads, dropout, batch_first=True)}. Parameters: {@code in_proj_weight [3E, E]} (Xavier uniform),
 * {@code in_proj_bias [3E]} (0), {@code out_proj.weight [E, E]}, {@code out_proj.bias [E]} (0). Dropout applies to
 * the attention weights in training mode.
 */
public final class MultiheadAttention extends Module {

    private final int embed;
    private final int heads;
    private final Tensor inProjWeight;
    private final Tensor inProjBias;
    private final Linear outProj;
    private final Dropout dropout;

    public MultiheadAttention(int embed, int heads, float dropout, RandomGenerator rng) {
        if (heads <= 0 || embed % heads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed " + embed + " not divisible by heads "
                    + heads);
        }
        this.embed = embed;
        this.heads = heads;
        this.inProjWeight = parameter("in_proj_weight", Init.xavierUniform(rng, 3 * embed, embed));
        this.inProjBias = parameter("in_proj_bias", Tensor.zeros(3 * embed));
        this.outProj = child("out_proj", new Linear(embed, embed, true, rng));
        java.util.Arrays.fill(outProj.bias().data(), 0f);
        this.dropout = child("dropout", new Dropout(dropout, rng));
    }

    /**
     * @param query {@code [batch, lq, E]}
     * @param key {@code [batch, lk, E]}
     * @param value {@code [batch, lk, E]}
     * @param keyPadding {@code [batch * lk]}, true where the key is padding and must not be attended; or null
     * @return {@code [batch, lq, E]}
     */
    public Tensor forward(Tensor query, Tensor key, Tensor value, boolean[] keyPadding) {
        int batch = query.dim(0);
        int lq = query.dim(1);
        int lk = key.dim(1);
        if (query.dim(2) != embed || key.dim(2) != embed || value.dim(2) != embed || key.dim(0) != batch
                || value.dim(0) != batch || value.dim(1) != lk) {
            throw new ShapeMismatchException("MultiheadAttention", "query/key/value must be [b, l, " + embed
                    + "], got", query.shape(), key.shape());
        }
        if (keyPadding != null && keyPadding.length != batch * lk) {
            throw new ShapeMismatchException("MultiheadAttention", "keyPadding has " + keyPadding.length
                    + " entries, expected batch * keys = " + batch * lk);
        }
        int d = embed / heads;
        Tensor q = split(project(query, 0), batch, lq, d);
        Tensor k = split(project(key, 1), batch, lk, d);
        Tensor v = split(project(value, 2), batch, lk, d);
        Tensor scores = MatMul.matmul(q.mul((float) (1.0 / Math.sqrt(d))), Reshape.transpose(k, -1, -2));
        if (keyPadding != null) {
            scores = Reshape.reshape(Masking.maskedFill(Reshape.reshape(scores, batch, heads, lq, lk), keyPadding,
                    new int[] {batch, 1, 1, lk}, Float.NEGATIVE_INFINITY), batch * heads, lq, lk);
        }
        Tensor attn = dropout.forward(Softmax.softmax(scores, -1));
        Tensor ctx = MatMul.matmul(attn, v);
        Tensor merged = Reshape.reshape(Reshape.permute(Reshape.reshape(ctx, batch, heads, lq, d), 0, 2, 1, 3),
                batch, lq, embed);
        return outProj.forward(merged);
    }

    /** Self-attention: query, key and value are all {@code x}. */
    public Tensor forward(Tensor x, boolean[] keyPadding) {
        return forward(x, x, x, keyPadding);
    }

    /** The {@code part}-th (q, k, v) input projection: rows {@code [part*E, (part+1)*E)} of the packed weight. */
    private Tensor project(Tensor x, int part) {
        return MatMul.linearRows(x, inProjWeight, inProjBias, part * embed, (part + 1) * embed);
    }

    /** {@code [batch, l, E] -> [batch * heads, l, d]}. */
    private Tensor split(Tensor x, int batch, int l, int d) {
        return Reshape.reshape(Reshape.permute(Reshape.reshape(x, batch, l, heads, d), 0, 2, 1, 3), batch * heads, l, d);
    }

    @Override
    public String toString() {
        return "MultiheadAttention(embed=" + embed + ", heads=" + heads + ", dropout=" + dropout.p() + ")";
    }
}
