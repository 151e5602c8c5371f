package dev.erc.data;

import dev.erc.api.Dialogue;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds checked dialogues from per-dialogue columns: every column has one entry per utterance, labels and
 * speakers are in range, and each modality keeps one dimension across the whole file.
 */
final class DialogueAssembler {

    private final PickleValues values;
    private final LabelSet labels;
    private final int speakers;
    private final Map<Modality, Integer> dims = new EnumMap<>(Modality.class);

    DialogueAssembler(PickleValues values, LabelSet labels, int speakers) {
        this.values = values;
        this.labels = labels;
        this.speakers = speakers;
    }

    /**
     * @param labelList emotion per utterance (null when the file has none)
     * @param texts transcript per utterance (null when the file has none)
     */
    Dialogue dialogue(String id, int[] speakerList, int[] labelList, Map<Modality, float[][]> features,
                      List<String> texts) throws DatasetFormatException {
        int n = speakerList.length;
        if (n == 0) {
            throw values.error(id, "has no utterances");
        }
        if (labelList != null && labelList.length != n) {
            throw values.error(id, "has " + n + " speakers but " + labelList.length + " labels");
        }
        if (texts != null && texts.size() != n) {
            throw values.error(id, "has " + n + " speakers but " + texts.size() + " sentences");
        }
        for (Map.Entry<Modality, float[][]> e : features.entrySet()) {
            float[][] rows = e.getValue();
            if (rows.length != n) {
                throw values.error(id, "has " + n + " speakers but " + rows.length + " "
                        + e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " feature vectors");
            }
            for (int i = 0; i < n; i++) {
                Integer expected = dims.putIfAbsent(e.getKey(), rows[i].length);
                if (expected != null && expected != rows[i].length) {
                    throw values.error(id, e.getKey().name().toLowerCase(java.util.Locale.ROOT)
                            + " features of utterance " + i + " have dimension " + rows[i].length + ", expected "
                            + expected + " as in the rest of the file");
                }
            }
        }
        List<Utterance> utterances = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = labelList == null ? Utterance.NO_LABEL : labelList[i];
            if (labelList != null && (label < Utterance.NO_LABEL || label >= labels.size())) {
                throw values.error(id, "label " + label + " of utterance " + i + " is outside 0.." + (labels.size() - 1)
                        + " " + labels.names());
            }
            if (speakerList[i] < 0 || speakerList[i] >= speakers) {
                throw values.error(id, "speaker " + speakerList[i] + " of utterance " + i + " is outside 0.."
                        + (speakers - 1));
            }
            Map<Modality, float[]> f = new EnumMap<>(Modality.class);
            for (Map.Entry<Modality, float[][]> e : features.entrySet()) {
                f.put(e.getKey(), e.getValue()[i]);
            }
            utterances.add(new Utterance(speakerList[i], label, f, texts == null ? null : texts.get(i)));
        }
        return new Dialogue(id, utterances);
    }

    Map<Modality, Integer> dimensions() {
        return dims;
    }
}
