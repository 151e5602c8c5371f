package dev.erc.cli;

import dev.erc.model.ModelConfig;
import picocli.CommandLine.Option;

/** {@code --standardize / --no-standardize}, shared by the commands that train. */
final class StandardizeOption {

    @Option(names = "--standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "standardise each input feature dimension with training-split statistics, kept in the "
                    + "model (default); --no-standardize uses the features as given, for features already normalised")
    boolean standardize;

    /** {@code config} with the chosen setting. */
    ModelConfig apply(ModelConfig config) {
        return config.withStandardization(standardize);
    }
}
