package dev.erc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.internal.AtomicFiles;
import dev.erc.api.Dataset;
import dev.erc.api.Split;
import dev.erc.api.TrainingHistory;
import dev.erc.model.ModelConfig;
import dev.erc.model.PmfErc;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code erc train}: fits the model on a dataset's training split (selecting on validation) and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains PMF-ERC (two stages, best validation epoch kept) and writes the model file; prints a "
                + "JSON summary.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "where to write the model")
    Path model;

    @Option(names = "--seed", defaultValue = "1", description = "seed of weights, batch order, dropout")
    long seed;

    @Option(names = "--epochs", split = ",", paramLabel = "STAGE1,STAGE2", description = "epochs per stage")
    int[] epochs;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "one learning rate for both stages")
    Double learningRate;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "checkpoint after every epoch; resume from it")
    Path checkpoint;

    @Mixin
    StandardizeOption standardization;

    @Mixin
    SettingOverrides overrides;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AtomicFiles.checkWritable(model);
        if (checkpoint != null) {
            AtomicFiles.checkWritable(checkpoint);
        }
        overrides.check(spec);
        Dataset d = data.load(spec);
        ModelConfig c = data.preset().config();
        if (epochs != null) {
            if (epochs.length != 2) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--epochs takes STAGE1,STAGE2");
            }
            c = c.withEpochs(epochs[0], epochs[1]);
        }
        if (learningRate != null) {
            c = c.withLearningRates(learningRate, learningRate);
        }
        c = standardization.apply(c).forData(d.dimensions().keySet());
        c = overrides.apply(c, spec);
        int total = (c.modalities().size() == 3 ? 3 : 1) * c.pmfEpochs() + c.mffEpochs();
        PmfErc m;
        TrainingHistory h;
        try (Progress progress = new Progress("train", total, quiet)) {
            PmfErc.Builder b = PmfErc.builder(data.preset()).config(c).seed(seed).labels(d.labels())
                    .speakers(d.speakers().size()).onEpoch(progress.listener()).textEncoder(data.textEncoder());
            if (checkpoint != null) {
                b.checkpoint(checkpoint);
            }
            m = b.build();
            h = m.fit(d.split(Split.TRAIN), d.split(Split.VALID));
        }
        m.save(model);
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("model", model.toString());
        out.put("dataset", d.name());
        out.put("selected", h.selected());
        TrainingHistory.Epoch last = h.epochs().get(h.epochs().size() - 1);
        out.put("lastValidWeightedF1", last.validWeightedF1());
        out.putPOJO("notes", m.notes());
        out.putPOJO("warnings", h.warnings());
        h.warnings().forEach(w -> System.err.println("warning: " + w));
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        return 0;
    }
}
