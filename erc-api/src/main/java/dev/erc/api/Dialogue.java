package dev.erc.api;

import java.util.List;

/**
 * A conversation: an id (e.g. IEMOCAP's {@code Ses01F_impro01}) and its utterances in order.
 */
public record Dialogue(String id, List<Utterance> utterances) implements java.io.Serializable {

    public Dialogue {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a dialogue needs an id");
        }
        utterances = List.copyOf(utterances);
        if (utterances.isEmpty()) {
            throw new IllegalArgumentException("dialogue " + id + " has no utterances");
        }
    }

    public int size() {
        return utterances.size();
    }

    public Utterance utterance(int i) {
        return utterances.get(i);
    }
}
