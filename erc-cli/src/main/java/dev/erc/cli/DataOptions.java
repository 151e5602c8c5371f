package dev.erc.cli;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.data.DataFiles;
import dev.erc.data.DialogueLines;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.Preset;
import dev.erc.text.TextFeatures;
import dev.erc.text.UtteranceEncoder;
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
            description = "a feature pickle (IEMOCAP_features.pkl, MELD_features_raw.pkl, COSMIC RoBERTa features) "
                    + "or a JSON Lines dialogue file (.jsonl) with features or text")
    Path data;

    @Option(names = "--transcripts", paramLabel = "FILE",
            description = "real conversations as text: COSMIC's iemocap.pkl or meld.pkl (official splits), or a "
                    + "JSON Lines dialogue file (docs/DATA.md); each utterance is encoded by --encoder into the text "
                    + "modality")
    Path transcripts;

    @picocli.CommandLine.Mixin
    EncoderOptions text;

    /** The model the data is for (evaluate): text is encoded with its encoder. */
    private dev.erc.api.ErcModel forModel;

    /** Text in the data will be encoded with {@code m}'s utterance encoder (which the options may name). */
    void forModel(dev.erc.api.ErcModel m) {
        this.forModel = m;
    }

    /** The encoding run of the last {@link #load}, or null when it encoded no text. */
    TextFeatures.Report textReport;

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
        return data == null && transcripts == null;
    }

    /** The id of the encoder that made the text features of the last {@link #load}, or null. */
    String textEncoder() {
        return textReport == null ? null : textReport.encoderId();
    }

    /** The data, or a usage error (exit 2) for inconsistent options; bad files throw (exit 3). */
    Dataset load(CommandLine.Model.CommandSpec spec) throws java.io.IOException {
        try {
            return load();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The data the options name, synthetic when there is no {@code --data}. */
    Dataset load() throws java.io.IOException {
        if (transcripts != null && (data != null || roberta != null)) {
            throw new IllegalArgumentException("--transcripts goes alone: not with --data or --roberta");
        }
        Path file = transcripts != null ? transcripts : data;
        if (file == null) {
            if (roberta != null) {
                throw new IllegalArgumentException("--roberta needs --data");
            }
            return preset() == Preset.MELD ? SyntheticDataset.meld(dataSeed) : SyntheticDataset.iemocap(dataSeed);
        }
        boolean lines = DialogueLines.isJsonLines(file);
        Dataset d = lines ? DialogueLines.read(file, dataSeed) : DataFiles.load(file, dataSeed);
        if (!lines && !d.name().equalsIgnoreCase(preset().name())) {
            throw new IllegalArgumentException(file + " holds " + d.name() + " data but --dataset is " + dataset);
        }
        if (roberta != null) {
            d = DataFiles.joinRoberta(d, roberta);
        }
        // text is encoded when asked for, or when it is all the data has for the text modality
        boolean encode = transcripts != null || !d.dimensions().containsKey(Modality.TEXT) && allHaveText(d);
        return encode ? encodeText(d) : d;
    }

    private static boolean allHaveText(Dataset d) {
        for (Split s : Split.values()) {
            for (Dialogue dl : d.split(s)) {
                for (Utterance u : dl.utterances()) {
                    if (u.text() == null) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The dataset with its utterances' text encoded into the text modality, with a progress bar. */
    private Dataset encodeText(Dataset d) throws java.io.IOException {
        try (UtteranceEncoder enc = forModel != null ? text.openFor(forModel) : text.open();
             Progress progress = new Progress("encoding text", 1, false)) {
            TextFeatures.Result r = TextFeatures.of(enc).cache(text.cache()).progress(progress::stepTo).encode(d);
            textReport = r.report();
            TextFeatures.Report t = textReport;
            System.err.printf(Locale.ROOT, "text: %s, %d utterances, %d distinct texts: %d from the cache, %d encoded "
                    + "(%.1f s), %d truncated to %d tokens%s%n", t.encoderId(), t.utterances(), t.distinct(),
                    t.fromCache(), t.encoded(), t.seconds(), t.truncated(), enc.maxTokens(),
                    t.damagedCacheEntries() > 0 ? ", " + t.damagedCacheEntries() + " damaged cache entries redone"
                            : "");
            return r.dataset();
        }
    }
}
