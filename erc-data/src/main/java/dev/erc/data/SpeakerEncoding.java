package dev.erc.data;

import java.util.List;

/** How a file writes who speaks: IEMOCAP's 'M'/'F', or MELD's one-hot vectors over 9 speakers. */
enum SpeakerEncoding {
    /** Two parties, written 'M' and 'F' (index 0 and 1). */
    MALE_FEMALE(List.of("M", "F")),
    /** Up to nine parties, each utterance a one-hot vector of length 9. */
    ONE_HOT_9(List.of("speaker0", "speaker1", "speaker2", "speaker3", "speaker4", "speaker5", "speaker6",
            "speaker7", "speaker8"));

    final List<String> names;

    SpeakerEncoding(List<String> names) {
        this.names = names;
    }

    int[] parse(PickleValues v, Object column, String dialogue) throws DatasetFormatException {
        List<?> items = v.list(column, dialogue, "speakers");
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = this == MALE_FEMALE ? maleFemale(v, items.get(i), dialogue, i) : oneHot(v, items.get(i), dialogue, i);
        }
        return out;
    }

    private static int maleFemale(PickleValues v, Object o, String dialogue, int i) throws DatasetFormatException {
        String s = o instanceof String || o instanceof byte[] ? v.text(o, dialogue, "speaker") : null;
        if ("M".equals(s)) {
            return 0;
        }
        if ("F".equals(s)) {
            return 1;
        }
        throw v.error(dialogue, "speaker of utterance " + i + " is " + (s != null ? "'" + s + "'"
                : PickleValues.describe(o)) + ", expected 'M' or 'F'");
    }

    private int oneHot(PickleValues v, Object o, String dialogue, int i) throws DatasetFormatException {
        List<?> bits = v.list(o, dialogue, "speaker of utterance " + i);
        int hot = -1;
        for (int j = 0; j < bits.size(); j++) {
            int b = v.integer(bits.get(j), dialogue, "speaker of utterance " + i);
            if (b == 1 && hot < 0) {
                hot = j;
            } else if (b != 0) {
                hot = -2;
                break;
            }
        }
        if (bits.size() != names.size() || hot < 0) {
            throw v.error(dialogue, "speaker of utterance " + i + " is " + bits + ", expected a one-hot vector of "
                    + names.size());
        }
        return hot;
    }
}
