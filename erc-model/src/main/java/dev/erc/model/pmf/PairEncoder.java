package dev.erc.model.pmf;

import dev.erc.compute.autograd.Tensor;
import dev.erc.model.batch.DialogueBatch;

/** Stage 1's unit: turns two modalities of a batch into one fused feature per utterance, with a classifier on it. */
public interface PairEncoder {

    /** E(m1m2): {@code [batch, maxLen, outputSize()]}. */
    Tensor fuse(DialogueBatch batch);

    /** Class scores from the fused features, for stage-1 training: {@code [batch, maxLen, classes]}. */
    Tensor logits(Tensor fused);

    int outputSize();
}
