package dev.erc.cli;

import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command line in this JVM with stdout and stderr captured; and a tiny model with a dialogue it reads. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            int code = Erc.execute(args);
            return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }

    /** Trains a model on tiny synthetic data (text 5-d, audio 7-d, visual 3-d; 1 + 1 epochs) and saves it. */
    static Path tinyModel(Path file) throws IOException {
        var tiny = SyntheticDataset.generate(new SyntheticDataset.Shape("tiny", LabelSet.IEMOCAP,
                new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {6, 2, 2}, 6, 4, 8,
                Map.of(Modality.TEXT, 5, Modality.AUDIO, 7, Modality.VISUAL, 3)), 1);
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(Preset.IEMOCAP.config().withEpochs(1, 1)).seed(1).build();
        m.fit(tiny.split(Split.TRAIN), tiny.split(Split.VALID));
        m.save(file);
        return file;
    }

    /** A two-utterance dialogue for {@link #tinyModel}, as {@code erc predict --input} reads it. */
    static Path tinyDialogue(Path file) throws IOException {
        return Files.writeString(file, "{\"id\": \"x\", \"utterances\": [{\"speaker\": 0, \"features\": {\"text\": "
                + "[0.5,0,0,0,1], \"audio\": [0,0,1,0,0,0,2], \"visual\": [0,1,0]}}, {\"speaker\": \"F\", "
                + "\"features\": {\"text\": [1,0,0,0,1], \"audio\": [1,0,1,0,0,0,2], \"visual\": [1,1,0]}}]}");
    }
}
