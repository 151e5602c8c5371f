package dev.erc.api;

import java.util.List;

/**
 * What happened during training, epoch by epoch, for reports and curves.
 *
 * @param epochs one entry per epoch of every stage, in order
 * @param selected description of the state kept (e.g. "stage 2, epoch 17: best validation weighted F1")
 * @param warnings signs that the run may not have gone as intended, one sentence each: most often a stage that kept
 *        its last epoch, i.e. whose validation score was still rising when training stopped (probably not converged)
 */
public record TrainingHistory(List<Epoch> epochs, String selected, List<String> warnings)
        implements java.io.Serializable {

    public TrainingHistory {
        epochs = List.copyOf(epochs);
        warnings = List.copyOf(warnings);
    }

    /** A history without warnings. */
    public TrainingHistory(List<Epoch> epochs, String selected) {
        this(epochs, selected, List.of());
    }

    /**
     * @param stage training stage (1 = pairwise fusion, 2 = fusion and attention)
     * @param epoch 1-based epoch within the stage
     * @param trainLoss mean training loss
     * @param validWeightedF1 weighted F1 on the validation split, in [0, 1]
     * @param validAccuracy accuracy on the validation split, in [0, 1]
     * @param seconds wall time of the epoch
     */
    public record Epoch(int stage, int epoch, double trainLoss, double validWeightedF1, double validAccuracy,
                        double seconds) implements java.io.Serializable {
    }
}
