package dev.erc.model.pmf;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.compute.autograd.GradMode;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.batch.DialogueBatch;
import dev.erc.model.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 2's input: the fused features E(m1m2) of every pair for every dialogue, computed once with the trained,
 * frozen stage-1 encoders (the paper takes them "before its FC layer") and padded back into batches on demand.
 */
public final class PairFeatures {

    private final List<PairEncoder> encoders;
    private final Map<String, float[][]> byDialogue = new HashMap<>();

    /** Runs the encoders (evaluation mode, no graph) over {@code dialogues}, {@code batchSize} at a time. */
    public PairFeatures(List<PairEncoder> encoders, List<Dialogue> dialogues, List<Modality> modalities,
                        int batchSize) {
        this.encoders = List.copyOf(encoders);
        for (PairEncoder e : encoders) {
            ((Module) e).train(false);
        }
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < dialogues.size(); i += batchSize) {
                List<Dialogue> part = dialogues.subList(i, Math.min(dialogues.size(), i + batchSize));
                DialogueBatch batch = DialogueBatch.of(part, modalities);
                for (int p = 0; p < encoders.size(); p++) {
                    float[] e = encoders.get(p).fuse(batch).data();
                    int size = encoders.get(p).outputSize();
                    for (int b = 0; b < part.size(); b++) {
                        float[][] perPair = byDialogue.computeIfAbsent(part.get(b).id(),
                                k -> new float[encoders.size()][]);
                        perPair[p] = Arrays.copyOfRange(e, b * batch.maxLen() * size,
                                (b * batch.maxLen() + part.get(b).size()) * size);
                    }
                }
            }
        }
    }

    /** Each pair's features for {@code batch}, {@code [batch, maxLen, size]}, zero past each dialogue's end. */
    public List<Tensor> of(DialogueBatch batch) {
        List<Tensor> out = new ArrayList<>();
        for (int p = 0; p < encoders.size(); p++) {
            int size = encoders.get(p).outputSize();
            float[] data = new float[batch.size() * batch.maxLen() * size];
            for (int b = 0; b < batch.size(); b++) {
                Dialogue d = batch.dialogues().get(b);
                float[][] f = byDialogue.get(d.id());
                if (f == null) {
                    throw new IllegalStateException("no stage-1 features for dialogue " + d.id());
                }
                System.arraycopy(f[p], 0, data, b * batch.maxLen() * size, f[p].length);
            }
            out.add(Tensor.of(data, batch.size(), batch.maxLen(), size));
        }
        return out;
    }
}
