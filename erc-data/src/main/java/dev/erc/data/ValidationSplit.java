package dev.erc.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rule that carves a validation split from the training ids of files that have none (MMGCN's IEMOCAP and MELD
 * feature files): sort the training ids, shuffle them with a Fisher-Yates shuffle driven by
 * {@code new SplittableRandom(seed)}, take the first {@code count} for validation, and keep both parts sorted.
 * The paper's sizes: IEMOCAP 20 of 120 (100/20/31), MELD 114 (1038/114/280).
 */
public final class ValidationSplit {

    /** Validation dialogues carved from IEMOCAP's 120 training dialogues. */
    public static final int IEMOCAP_VALID = 20;
    /** Validation dialogues carved from MELD's training dialogues. */
    public static final int MELD_VALID = 114;

    private ValidationSplit() {
    }

    /** {@code [train, valid]}. */
    public static List<List<String>> carve(List<String> trainIds, int count, long seed) {
        if (count < 0 || count >= trainIds.size()) {
            throw new IllegalArgumentException("cannot carve " + count + " validation dialogues from "
                    + trainIds.size() + " training dialogues");
        }
        List<String> ids = new ArrayList<>(trainIds);
        Collections.sort(ids);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = ids.size() - 1; i > 0; i--) {
            Collections.swap(ids, i, rng.nextInt(i + 1));
        }
        List<String> valid = new ArrayList<>(ids.subList(0, count));
        List<String> train = new ArrayList<>(ids.subList(count, ids.size()));
        Collections.sort(valid);
        Collections.sort(train);
        return List.of(train, valid);
    }

    static int defaultCount(String dataset) {
        return "MELD".equals(dataset) ? MELD_VALID : IEMOCAP_VALID;
    }
}
