package dev.erc.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One turn of a dialogue: who spoke, the emotion (when known), the features of each available modality and,
 * optionally, the transcript. Feature arrays are shared, not copied: treat them as read-only.
 *
 * @param speaker index into the dataset's speaker names (IEMOCAP: 0 = M, 1 = F; MELD: the one-hot position)
 * @param label emotion class index, or {@link #NO_LABEL} for an utterance to be predicted
 * @param features per-modality feature vectors
 * @param text the transcript, or null when not available
 */
public record Utterance(int speaker, int label, Map<Modality, float[]> features, String text)
        implements java.io.Serializable {

    /** The label of an utterance whose emotion is not known. */
    public static final int NO_LABEL = -1;

    public Utterance {
        if (speaker < 0) {
            throw new IllegalArgumentException("speaker index must be >= 0, got " + speaker);
        }
        if (label < NO_LABEL) {
            throw new IllegalArgumentException("label must be >= 0 or NO_LABEL, got " + label);
        }
        Map<Modality, float[]> copy = new EnumMap<>(Modality.class);
        copy.putAll(features);
        features = Collections.unmodifiableMap(copy);
    }

    /** The features of {@code m}, or null when the utterance has none. */
    public float[] feature(Modality m) {
        return features.get(m);
    }

    public boolean hasLabel() {
        return label != NO_LABEL;
    }
}
