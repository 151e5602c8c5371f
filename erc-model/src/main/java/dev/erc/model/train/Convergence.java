package dev.erc.model.train;

import dev.erc.api.TrainingHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warns about training runs that kept their last epoch. Each stage keeps its epoch with the best validation weighted
 * F1; when that is the final epoch, the validation score was still rising when training stopped, so the run has
 * probably not converged.
 */
public final class Convergence {

    private Convergence() {
    }

    /**
     * One warning per run that selected its last epoch. A run is a stretch of {@code history} that starts at epoch 1:
     * the stage-1 runs are named, in order, by {@code stage1Runs} (e.g. "pair VA"), the stage-2 run by
     * {@code stage2Run}. The best epoch is the first with the highest validation weighted F1, as the selection rule
     * has it.
     */
    public static List<String> warnings(List<TrainingHistory.Epoch> history, List<String> stage1Runs,
                                        String stage2Run) {
        List<String> out = new ArrayList<>();
        int stage1 = 0;
        for (int start = 0; start < history.size(); ) {
            int end = start + 1;
            while (end < history.size() && history.get(end).epoch() != 1) {
                end++;
            }
            int best = start;
            for (int i = start + 1; i < end; i++) {
                if (history.get(i).validWeightedF1() > history.get(best).validWeightedF1()) {
                    best = i;
                }
            }
            String name = history.get(start).stage() == 1
                    ? (stage1 < stage1Runs.size() ? stage1Runs.get(stage1) : "stage 1 run " + (stage1 + 1))
                    : stage2Run;
            if (history.get(start).stage() == 1) {
                stage1++;
            }
            if (best == end - 1) {
                TrainingHistory.Epoch last = history.get(best);
                out.add(String.format(Locale.ROOT, "%s kept its last epoch (%d of %d, validation weighted F1 %.4f): "
                        + "the score was still rising, so it has probably not converged; more epochs or a higher "
                        + "learning rate may help", name, last.epoch(), end - start, last.validWeightedF1()));
            }
            start = end;
        }
        return out;
    }
}
