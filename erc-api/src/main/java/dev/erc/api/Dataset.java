package dev.erc.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dialogues in train/validation/test splits with their label set, speaker names and feature dimensions.
 *
 * @param name e.g. {@code "IEMOCAP"}, {@code "MELD"}, {@code "synthetic-iemocap"}
 * @param labels the emotion classes
 * @param speakers speaker names by index
 * @param dimensions feature size of each modality present (every utterance has all of them)
 * @param splits dialogues per split
 * @param source where the data came from (files, generator and seed), for reports
 */
public record Dataset(String name, LabelSet labels, List<String> speakers, Map<Modality, Integer> dimensions,
                      Map<Split, List<Dialogue>> splits, String source) implements java.io.Serializable {

    public Dataset {
        speakers = List.copyOf(speakers);
        Map<Modality, Integer> dims = new EnumMap<>(Modality.class);
        dims.putAll(dimensions);
        dimensions = Collections.unmodifiableMap(dims);
        Map<Split, List<Dialogue>> s = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            s.put(split, List.copyOf(splits.getOrDefault(split, List.of())));
        }
        splits = Collections.unmodifiableMap(s);
    }

    public List<Dialogue> split(Split split) {
        return splits.get(split);
    }

    /** Number of utterances in a split. */
    public int utteranceCount(Split split) {
        int n = 0;
        for (Dialogue d : split(split)) {
            n += d.size();
        }
        return n;
    }

    /** Count of each label in a split, by class name, in label order. */
    public Map<String, Integer> labelCounts(Split split) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String n : labels.names()) {
            counts.put(n, 0);
        }
        for (Dialogue d : split(split)) {
            for (Utterance u : d.utterances()) {
                if (u.hasLabel()) {
                    counts.merge(labels.name(u.label()), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
