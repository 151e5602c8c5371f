package dev.erc.model.train;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Loss;
import dev.erc.compute.ops.Norms;
import dev.erc.compute.ops.Reshape;
import dev.erc.model.batch.DialogueBatch;

/**
 * The training loss of both stages (eqs. 7 and 15, the L2 term being the optimiser's weight decay): cross-entropy over
 * the real, labelled utterances of a batch plus {@code density} times the L1 norm of the representation over the real
 * utterances, divided by their number (the density losses of eqs. 6 and 14).
 */
public final class Objective {

    private Objective() {
    }

    /**
     * @param logits {@code [batch, maxLen, classes]}
     * @param representation E(m1m2) or E(MM), {@code [batch, maxLen, d]}
     */
    public static Tensor loss(Tensor logits, Tensor representation, DialogueBatch batch, double density) {
        int classes = logits.dim(-1);
        Tensor ce = Loss.crossEntropy(Reshape.reshape(logits, -1, classes), batch.labels(), null, batch.labelled());
        if (density == 0) {
            return ce;
        }
        boolean[] mask = batch.mask();
        float[] m = new float[mask.length];
        int valid = 0;
        for (int i = 0; i < m.length; i++) {
            m[i] = mask[i] ? 1f : 0f;
            valid += mask[i] ? 1 : 0;
        }
        Tensor masked = representation.mul(Tensor.of(m, batch.size(), batch.maxLen(), 1));
        return ce.add(Norms.l1(masked).mul((float) (density / Math.max(1, valid))));
    }
}
