package dev.erc.model.train;

import dev.erc.api.Dialogue;
import dev.erc.api.ErcModel;
import dev.erc.api.Prediction;
import java.util.Arrays;
import java.util.List;

/**
 * Accuracy and weighted F1 for model selection during training (the evaluation module computes the reported
 * figures with Tribuo; its tests hold both to sklearn).
 */
public final class Scores {

    private Scores() {
    }

    public static double accuracy(int[] gold, int[] predicted) {
        int ok = 0;
        for (int i = 0; i < gold.length; i++) {
            ok += gold[i] == predicted[i] ? 1 : 0;
        }
        return gold.length == 0 ? 0 : ok / (double) gold.length;
    }

    /** Support-weighted mean of per-class F1, as sklearn's {@code f1_score(average='weighted')}. */
    public static double weightedF1(int[] gold, int[] predicted, int classes) {
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == predicted[i]) {
                tp[gold[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[gold[i]]++;
            }
        }
        double weighted = 0;
        for (int c = 0; c < classes; c++) {
            long support = tp[c] + fn[c];
            double denom = 2.0 * tp[c] + fp[c] + fn[c];
            double f1 = denom == 0 ? 0 : 2.0 * tp[c] / denom;
            weighted += f1 * support;
        }
        return gold.length == 0 ? 0 : weighted / gold.length;
    }

    /**
     * {@code {weighted F1, accuracy}} of {@code model}'s predictions over the labelled utterances of
     * {@code dialogues}.
     */
    public static double[] of(ErcModel model, List<Dialogue> dialogues) {
        int n = 0;
        for (Dialogue d : dialogues) {
            n += d.size();
        }
        int[] gold = new int[n];
        int[] predicted = new int[n];
        int k = 0;
        for (Dialogue d : dialogues) {
            List<Prediction> p = model.predict(d);
            for (int t = 0; t < d.size(); t++) {
                if (d.utterance(t).hasLabel()) {
                    gold[k] = d.utterance(t).label();
                    predicted[k++] = p.get(t).label();
                }
            }
        }
        gold = Arrays.copyOf(gold, k);
        predicted = Arrays.copyOf(predicted, k);
        return new double[] {weightedF1(gold, predicted, model.labels().size()), accuracy(gold, predicted)};
    }
}
