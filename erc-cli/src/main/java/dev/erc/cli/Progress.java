package dev.erc.cli;

import dev.erc.api.TrainingHistory;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr: over training epochs ({@link #listener()}, showing the stage, the loss and the validation
 * weighted F1) or over any count ({@link #stepTo}).
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    Progress(String task, long epochs, boolean quiet) {
        this.bar = quiet ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(epochs)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                        System.err)).build();
    }

    /** {@code done} of {@code total}: the total may grow as it becomes known. */
    void stepTo(long done, long total) {
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(done);
        }
    }

    Consumer<TrainingHistory.Epoch> listener() {
        return e -> {
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(String.format(Locale.ROOT, " stage %d epoch %d loss %.3f valid wF1 %.3f",
                        e.stage(), e.epoch(), e.trainLoss(), e.validWeightedF1()));
            }
        };
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
