package dev.erc.api;

import java.util.Arrays;

/**
 * The predicted emotion of one utterance. Immutable: the probabilities are copied in and copied out, and two
 * predictions are equal when label, name and every probability are.
 *
 * @param label the most probable class index
 * @param name its name in the model's label set
 * @param probabilities the probability of every class, in label order
 */
public record Prediction(int label, String name, float[] probabilities) {

    public Prediction {
        probabilities = probabilities.clone();
    }

    /** A copy of the probability of every class, in label order. */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The probability of class {@code label}. */
    public float probability(int label) {
        return probabilities[label];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && p.label == label && p.name.equals(name)
                && Arrays.equals(p.probabilities, probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * label + name.hashCode()) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Prediction[label=" + label + ", name=" + name + ", probabilities=" + Arrays.toString(probabilities)
                + "]";
    }
}
