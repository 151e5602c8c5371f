package dev.erc.api;

/**
 * The predicted emotion of one utterance.
 *
 * @param label the most probable class index
 * @param name its name in the model's label set
 * @param probabilities the probability of every class, in label order
 */
public record Prediction(int label, String name, float[] probabilities) {

    public Prediction {
        probabilities = probabilities.clone();
    }

    /** The probability of class {@code label}. */
    public float probability(int label) {
        return probabilities[label];
    }
}
