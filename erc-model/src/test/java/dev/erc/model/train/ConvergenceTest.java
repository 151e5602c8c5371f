package dev.erc.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.TrainingHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvergenceTest {

    /** One run of a stage: the validation weighted F1 of each epoch. */
    private static void run(List<TrainingHistory.Epoch> into, int stage, double... f1) {
        for (int e = 0; e < f1.length; e++) {
            into.add(new TrainingHistory.Epoch(stage, e + 1, 1.0, f1[e], f1[e], 0.1));
        }
    }

    @Test
    void warnsExactlyAboutTheRunsThatKeptTheirLastEpoch() {
        List<TrainingHistory.Epoch> h = new ArrayList<>();
        run(h, 1, 0.30, 0.40, 0.50);        // VA: still rising
        run(h, 1, 0.30, 0.60, 0.50);        // TA: peaked at epoch 2
        run(h, 1, 0.30, 0.40, 0.45, 0.47);  // TV: still rising
        run(h, 2, 0.50, 0.70, 0.60, 0.65);  // stage 2: peaked at epoch 2
        List<String> w = Convergence.warnings(h, List.of("pair VA", "pair TA", "pair TV"), "stage 2");
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("pair VA kept its last epoch (3 of 3"), w.get(0));
        assertTrue(w.get(1).startsWith("pair TV kept its last epoch (4 of 4, validation weighted F1 0.4700)"),
                w.get(1));
    }

    @Test
    void aTieKeepsTheEarlierEpochAsTheSelectionDoes() {
        List<TrainingHistory.Epoch> h = new ArrayList<>();
        run(h, 1, 0.30, 0.50, 0.50);
        run(h, 2, 0.20, 0.40);
        List<String> w = Convergence.warnings(h, List.of("pair TA"), "stage 2");
        assertEquals(List.of("stage 2"), w.stream().map(s -> s.substring(0, s.indexOf(" kept"))).toList());
    }
}
