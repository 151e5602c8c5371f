package dev.erc.eval;

import java.util.List;

/**
 * The scores of one set of predictions.
 *
 * @param labels class names, in label order
 * @param accuracy fraction of utterances predicted correctly
 * @param macroF1 unweighted mean of per-class F1 over the classes that occur in the gold labels or the predictions
 *     (as sklearn's {@code f1_score(average='macro')})
 * @param weightedF1 support-weighted mean of per-class F1 (sklearn's {@code average='weighted'}), the paper's metric
 * @param perClass precision, recall, F1 and support of every class, in label order
 * @param confusion counts, {@code confusion[gold][predicted]}
 */
public record Evaluation(List<String> labels, double accuracy, double macroF1, double weightedF1,
                         List<ClassScores> perClass, long[][] confusion) implements java.io.Serializable {

    /** Scores of one class; 0 where a ratio has a zero denominator (sklearn's {@code zero_division=0}). */
    public record ClassScores(String label, double precision, double recall, double f1, long support)
            implements java.io.Serializable {
    }

    public Evaluation {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
    }

    /** Number of utterances evaluated. */
    public long total() {
        long n = 0;
        for (ClassScores c : perClass) {
            n += c.support();
        }
        return n;
    }
}
