package dev.erc.model.train;

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
}
