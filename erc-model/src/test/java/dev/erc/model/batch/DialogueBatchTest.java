package dev.erc.model.batch;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** A batch hands out copies: what a caller does to a returned array never reaches the batch the model reads. */
class DialogueBatchTest {

    private static Utterance u(int speaker, int label, float v) {
        return new Utterance(speaker, label, Map.of(Modality.TEXT, new float[] {v, -v}), null);
    }

    @Test
    void returnedArraysAreCopies() {
        DialogueBatch batch = DialogueBatch.of(List.of(new Dialogue("a", List.of(u(0, 1, 1f), u(1, 2, 2f))),
                new Dialogue("b", List.of(u(1, Utterance.NO_LABEL, 3f)))), Set.of(Modality.TEXT));
        int[] speakers = {0, 1, 1, 0};
        int[] labels = {1, 2, Utterance.NO_LABEL, Utterance.NO_LABEL};
        boolean[] mask = {true, true, true, false};
        assertArrayEquals(speakers, batch.speakers());
        assertArrayEquals(labels, batch.labels());
        assertArrayEquals(mask, batch.mask());
        assertArrayEquals(new boolean[] {false, false, false, true}, batch.padding());

        batch.speakers()[0] = 9;
        batch.labels()[0] = 9;
        batch.mask()[3] = true;
        batch.lengths()[1] = 9;
        assertArrayEquals(speakers, batch.speakers());
        assertArrayEquals(labels, batch.labels());
        assertArrayEquals(mask, batch.mask());
        assertArrayEquals(new int[] {2, 1}, batch.lengths());
    }
}
