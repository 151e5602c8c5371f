package dev.erc.model.pmf;

import dev.erc.api.Modality;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Join;
import dev.erc.compute.ops.Pointwise;
import dev.erc.model.batch.DialogueBatch;
import dev.erc.model.nn.Dropout;
import dev.erc.model.nn.Linear;
import dev.erc.model.nn.Module;
import java.util.random.RandomGenerator;

/**
 * The "without PMF" ablation (Table 2): a pair feature is {@code relu(W [u^m1, u^m2] + b)}, per utterance, with no
 * context encoder and no graph.
 */
public final class ProjectedPair extends Module implements PairEncoder {

    private final Modality m1;
    private final Modality m2;
    private final Linear projection;
    private final Linear head;
    private final Dropout dropout;
    private final int out;

    public ProjectedPair(Modality m1, int d1, Modality m2, int d2, int out, int classes, float dropout,
                         RandomGenerator rng) {
        this.m1 = m1;
        this.m2 = m2;
        this.out = out;
        this.projection = child("projection", new Linear(m1 == m2 ? d1 : d1 + d2, out, rng));
        this.head = child("head", new Linear(out, classes, rng));
        this.dropout = child("dropout", new Dropout(dropout, rng));
    }

    @Override
    public Tensor fuse(DialogueBatch batch) {
        Tensor x = m1 == m2 ? batch.features(m1) : Join.concat(2, batch.features(m1), batch.features(m2));
        return Pointwise.relu(projection.forward(dropout.forward(x)));
    }

    @Override
    public Tensor logits(Tensor fused) {
        return head.forward(dropout.forward(fused));
    }

    @Override
    public int outputSize() {
        return out;
    }
}
