package dev.erc.cli;

import dev.erc.api.Dataset;
import dev.erc.data.DataFiles;
import dev.erc.data.DatasetFormatException;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.Preset;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which data a command uses: a synthetic default, or real feature files. */
final class DataOptions {

    @Option(names = "--dataset", defaultValue = "iemocap",
            description = "iemocap or meld (default ${DEFAULT-VALUE}); without --data, its synthetic stand-in")
    String dataset;

    @Option(names = "--data", paramLabel = "FILE",
            description = "a feature pickle: IEMOCAP_features.pkl, MELD_features_raw.pkl or COSMIC RoBERTa features")
    Path data;

    @Option(names = "--roberta", paramLabel = "FILE", description = "COSMIC RoBERTa features to join to --data (u(Bt))")
    Path roberta;

    @Option(names = "--data-seed", defaultValue = "2024",
            description = "seed of the synthetic dataset and of the carved validation split (default ${DEFAULT-VALUE})")
    long dataSeed;

    Preset preset() {
        return switch (dataset.toLowerCase(Locale.ROOT)) {
            case "iemocap" -> Preset.IEMOCAP;
            case "meld" -> Preset.MELD;
            default -> throw new IllegalArgumentException("--dataset must be iemocap or meld, got " + dataset);
        };
    }

    boolean synthetic() {
        return data == null;
    }

    /** The data, or a usage error (exit 2) for inconsistent options; bad files throw (exit 3). */
    Dataset load(CommandLine.Model.CommandSpec spec) throws DatasetFormatException {
        try {
            return load();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The data the options name, synthetic when there is no {@code --data}. */
    Dataset load() throws DatasetFormatException {
        if (data == null) {
            if (roberta != null) {
                throw new IllegalArgumentException("--roberta needs --data");
            }
            return preset() == Preset.MELD ? SyntheticDataset.meld(dataSeed) : SyntheticDataset.iemocap(dataSeed);
        }
        Dataset d = DataFiles.load(data, dataSeed);
        if (!d.name().equalsIgnoreCase(preset().name())) {
            throw new IllegalArgumentException(data + " holds " + d.name() + " data but --dataset is " + dataset);
        }
        return roberta == null ? d : DataFiles.joinRoberta(d, roberta);
    }
}
