package dev.erc.api;

import java.util.List;

/**
 * The emotion classes of a dataset, by index: e.g. IEMOCAP's happy, sad, neutral, angry, excited, frustrated.
 *
 * @param names class names; index {@code i} is label {@code i}
 */
public record LabelSet(List<String> names) implements java.io.Serializable {

    /** IEMOCAP's six classes, in the order of the distributed feature files. */
    public static final LabelSet IEMOCAP = new LabelSet(List.of("happy", "sad", "neutral", "angry", "excited",
            "frustrated"));

    /** MELD's seven emotion classes, in the order of the distributed feature files. */
    public static final LabelSet MELD = new LabelSet(List.of("neutral", "surprise", "fear", "sadness", "joy",
            "disgust", "anger"));

    public LabelSet {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a label set needs at least one class");
        }
    }

    public int size() {
        return names.size();
    }

    public String name(int label) {
        return names.get(label);
    }

    /** The index of {@code name}, or -1. */
    public int index(String name) {
        return names.indexOf(name);
    }
}
