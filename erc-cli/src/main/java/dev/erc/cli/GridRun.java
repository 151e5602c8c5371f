package dev.erc.cli;

import dev.erc.api.Dataset;
import dev.erc.api.Split;
import dev.erc.api.TrainingHistory;
import dev.erc.eval.Evaluator;
import dev.erc.eval.report.RunResult;
import dev.erc.model.ModelConfig;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of {@code erc reproduce}: a table row's configuration trained with one seed and scored on the test split.
 * The local loop and a Spark task run this same code, so both give the same numbers.
 *
 * @param row the index of the row in its table
 * @param config the row's configuration
 * @param seed the run's seed
 * @param keepModel whether the trained model comes back (for the report's plots)
 */
record GridRun(int row, ModelConfig config, long seed, boolean keepModel) implements Serializable {

    /** What every run shares: the data, its preset and the encoder of its text features (or null). */
    record Data(Dataset dataset, Preset preset, String textEncoder) implements Serializable {
    }

    /**
     * A run's scores, the model's notes and, when kept, the model file's bytes.
     *
     * @param model the saved model, or null
     */
    record Outcome(RunResult result, List<String> notes, byte[] model) implements Serializable {

        /** The kept model, loaded. */
        PmfErc loadModel() throws IOException {
            return PmfErc.load(model, "the kept model of the grid");
        }
    }

    /** Trains and evaluates; {@code onEpoch} (may be null) hears every epoch. */
    Outcome run(Data data, Consumer<TrainingHistory.Epoch> onEpoch) {
        long start = System.nanoTime();
        Dataset d = data.dataset();
        PmfErc.Builder b = PmfErc.builder(data.preset()).config(config).seed(seed).labels(d.labels())
                .speakers(d.speakers().size()).textEncoder(data.textEncoder());
        if (onEpoch != null) {
            b.onEpoch(onEpoch);
        }
        PmfErc model = b.build();
        TrainingHistory h = model.fit(d.split(Split.TRAIN), d.split(Split.VALID));
        RunResult result = new RunResult(seed, Evaluator.evaluate(model, d.split(Split.TEST)), h,
                (System.nanoTime() - start) / 1e9);
        return new Outcome(result, model.notes(), keepModel ? bytes(model) : null);
    }

    private static byte[] bytes(PmfErc model) {
        try {
            return model.toBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Epochs of a configuration's training, for a progress bar: stage 1 per pair, then stage 2. */
    int totalEpochs() {
        int m = config.modalities().size();
        int pairs = m <= 2 ? 1 : 3;
        return pairs * config.pmfEpochs() + config.mffEpochs();
    }
}
