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

    /**
     * The speaker of each utterance, read liberally, as the field's files write them: 'M'/'F' (IEMOCAP), names
     * (numbered per dialogue in the order they first speak), integers (as given), or one-hot vectors (lists, 1-d numpy
     * arrays, or the rows of one 2-d array).
     */
    int[] parse(PickleValues v, Object column, String dialogue) throws DatasetFormatException {
        if (column instanceof dev.erc.data.pickle.NdArray a && a.shape().length == 2) {
            float[][] rows = v.rows(a, dialogue, "speakers");
            int[] out = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                List<Object> bits = new java.util.ArrayList<>();
                for (float x : rows[i]) {
                    bits.add((double) x);
                }
                out[i] = oneHot(v, bits, rows[i], dialogue, i);
            }
            return out;
        }
        List<?> items = v.list(column, dialogue, "speakers");
        int[] out = new int[items.size()];
        // 'M'/'F' are genders only where a dialogue has no other names; elsewhere they are names like the rest
        boolean genders = this == MALE_FEMALE;
        for (Object o : items) {
            genders &= (o instanceof String || o instanceof byte[])
                    && List.of("M", "F").contains(v.text(o, dialogue, "speaker").strip());
        }
        java.util.Map<String, Integer> parties = new java.util.LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            out[i] = speaker(v, items.get(i), dialogue, i, genders, parties);
        }
        return out;
    }

    private int speaker(PickleValues v, Object o, String dialogue, int i, boolean genders,
                        java.util.Map<String, Integer> parties) throws DatasetFormatException {
        if (o instanceof String || o instanceof byte[]) {
            String s = v.text(o, dialogue, "speaker").strip();
            if (genders) {
                return "M".equals(s) ? 0 : 1;
            }
            if (!s.isEmpty()) {
                return parties.computeIfAbsent(s, k -> parties.size());
            }
        } else if (o instanceof Number) {
            int k = v.integer(o, dialogue, "speaker of utterance " + i);
            if (k >= 0) {
                return k;
            }
        } else if (o instanceof List || o instanceof Object[] || o instanceof dev.erc.data.pickle.NdArray) {
            return oneHot(v, v.list(o, dialogue, "speaker of utterance " + i), o, dialogue, i);
        }
        throw v.error(dialogue, "speaker of utterance " + i + " is " + (o instanceof String s ? "'" + s + "'"
                : o instanceof Number ? o : PickleValues.describe(o)) + ", expected 'M'/'F', a name, an index >= 0 or "
                + "a one-hot vector");
    }

    private static int oneHot(PickleValues v, List<?> bits, Object shown, String dialogue, int i)
            throws DatasetFormatException {
        int hot = -1;
        for (int j = 0; j < bits.size(); j++) {
            double b = bits.get(j) instanceof Number n ? n.doubleValue() : Double.NaN;
            if (b == 1 && hot < 0) {
                hot = j;
            } else if (b != 0) {
                hot = -2;
                break;
            }
        }
        if (hot < 0) {
            throw v.error(dialogue, "speaker of utterance " + i + " is " + (shown instanceof float[] f
                    ? java.util.Arrays.toString(f) : bits) + ", expected a one-hot vector");
        }
        return hot;
    }
}
