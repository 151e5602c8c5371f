package dev.erc.cli;

import dev.erc.model.ModelConfig;
import dev.erc.model.io.ParameterFileException;
import dev.erc.model.io.RecordProperties;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * {@code --set NAME=VALUE}: any {@link ModelConfig} setting by its name (as in report.json's {@code config}), for
 * the studies the dedicated options do not cover, e.g. {@code --set window=4 --set mffDropout=0.4}. Applied last.
 */
final class SettingOverrides {

    @Option(names = "--set", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "override one model setting by its name (see report.json's config), e.g. --set window=4; "
                    + "repeatable")
    Map<String, String> settings = new TreeMap<>();

    /** Fails now, as a usage error, on an unknown name or a bad value: before any data is read. */
    void check(picocli.CommandLine.Model.CommandSpec spec) {
        apply(dev.erc.model.Preset.IEMOCAP.config(), spec);
    }

    /** {@code config} with every override; an unknown name or a bad value is a usage error (exit 2). */
    ModelConfig apply(ModelConfig config, picocli.CommandLine.Model.CommandSpec spec) {
        try {
            return apply(config);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ModelConfig apply(ModelConfig config) {
        if (settings.isEmpty()) {
            return config;
        }
        Properties p = new Properties();
        RecordProperties.write(config, "", p);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!p.containsKey(e.getKey())) {
                throw new IllegalArgumentException("--set: no model setting '" + e.getKey() + "'; the settings are "
                        + new TreeMap<>(p).keySet());
            }
            p.setProperty(e.getKey(), e.getValue());
        }
        try {
            return RecordProperties.read(ModelConfig.class, "", p, "--set");
        } catch (ParameterFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
