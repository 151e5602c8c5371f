package dev.erc.model.mal;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Join;
import dev.erc.compute.ops.Pointwise;
import dev.erc.model.ModelConfig;
import dev.erc.model.nn.Dropout;
import dev.erc.model.nn.LayerNorm;
import dev.erc.model.nn.Linear;
import dev.erc.model.nn.Module;
import dev.erc.model.nn.MultiheadAttention;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Multimodal attention learning (§3.3): stacked multi-head self-attention with skip connections,
 * {@code C_1 = ATT_1(E(MF))}, {@code C_i = ATT_i([C_(i-1), h(VA)])} (eq. 13), then {@code E(MM) = [C_l, h(Bt)]} and
 * fully connected layers to the classes. Each {@code ATT_i} is self-attention over the dialogue (padding masked)
 * followed by a linear map to {@code attentionDim}, so that stacked layers keep one width. The loss adds the density
 * term ‖E(MM)‖₁ (eqs. 14-15). With {@code useMal == false} (no ATT), {@code E(MM) = [E(MF), h(VA), h(Bt)]}, each skip
 * present only when switched on.
 */
public final class MultimodalAttention extends Module {

    private final List<MultiheadAttention> attention = new ArrayList<>();
    private final List<LayerNorm> norms = new ArrayList<>();
    private final List<Linear> projection = new ArrayList<>();
    private final Linear fc1;
    private final Linear fc2;
    private final Dropout dropout;
    private final boolean useMal;
    private final boolean useHVa;
    private final boolean useHBt;

    public MultimodalAttention(int fusedSize, int hVaSize, int hBtSize, int classes, ModelConfig c,
                               RandomGenerator rng) {
        this.useMal = c.useMal();
        this.useHVa = c.useHVa();
        this.useHBt = c.useHBt();
        int width = fusedSize;
        if (useMal) {
            for (int i = 0; i < c.attentionLayers(); i++) {
                int in = i == 0 ? fusedSize : c.attentionDim() + (useHVa ? hVaSize : 0);
                int heads = in % c.attentionHeads() == 0 ? c.attentionHeads() : 1;
                attention.add(child("att" + i, new MultiheadAttention(in, heads, c.mffDropout(), rng)));
                norms.add(child("norm" + i, new LayerNorm(in)));
                projection.add(child("proj" + i, new Linear(in, c.attentionDim(), rng)));
            }
            width = c.attentionDim();
        }
        // without attention layers, h(VA) is still skip-connected when asked (Table 5's rows without ATT)
        int mm = width + (!useMal && useHVa ? hVaSize : 0) + (useHBt ? hBtSize : 0);
        this.fc1 = child("fc1", new Linear(mm, c.fcHidden(), rng));
        this.fc2 = child("fc2", new Linear(c.fcHidden(), classes, rng));
        this.dropout = child("dropout", new Dropout(c.mffDropout(), rng));
    }

    /** E(MM), the representation the classifier and the density loss see. */
    public Tensor represent(Tensor fused, Tensor hVa, Tensor hBt, boolean[] padding) {
        Tensor c = fused;
        for (int i = 0; i < attention.size(); i++) {
            Tensor in = i == 0 || !useHVa ? c : Join.concat(2, c, hVa);
            // a Transformer-style residual and layer norm around the attention, then the map to attentionDim
            Tensor attended = norms.get(i).forward(in.add(dropout.forward(attention.get(i).forward(in, padding))));
            c = projection.get(i).forward(attended);
        }
        if (attention.isEmpty() && useHVa) {
            c = Join.concat(2, c, hVa);
        }
        return useHBt ? Join.concat(2, c, hBt) : c;
    }

    public Tensor logits(Tensor mm) {
        return fc2.forward(dropout.forward(Pointwise.relu(fc1.forward(dropout.forward(mm)))));
    }
}
