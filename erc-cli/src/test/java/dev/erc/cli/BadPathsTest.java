package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files cut short or given as a folder, and outputs that cannot be written: exit 3 (bad input) or 2 (an output
 * option that cannot be honoured), one line on stderr naming the path, no stack trace, and for outputs before any
 * training starts.
 */
class BadPathsTest {

    /** Runs the command; returns {exit status, stderr}. */
    private static Object[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = Erc.execute(args);
        } finally {
            System.setErr(err);
        }
        return new Object[] {code, e.toString(StandardCharsets.UTF_8)};
    }

    private static void assertOneLine(int expectedCode, String expectedStart, String... args) {
        Object[] r = run(args);
        String err = ((String) r[1]).strip();
        assertEquals(expectedCode, r[0], String.join(" ", args) + ": " + err);
        assertTrue(err.startsWith(expectedStart), err);
        assertFalse(err.contains("\n") || err.contains("Exception") || err.contains("\tat "), "one line: " + err);
    }

    @Test
    void damagedOrFolderModelsAreBadInput(@TempDir Path dir) throws Exception {
        var tiny = SyntheticDataset.generate(new SyntheticDataset.Shape("tiny", LabelSet.IEMOCAP,
                new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {6, 2, 2}, 6, 4, 8,
                Map.of(Modality.TEXT, 5, Modality.AUDIO, 7, Modality.VISUAL, 3)), 1);
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(Preset.IEMOCAP.config().withEpochs(1, 1)).seed(1).build();
        m.fit(tiny.split(Split.TRAIN), tiny.split(Split.VALID));
        Path model = dir.resolve("m.erc");
        m.save(model);
        Path half = dir.resolve("half.erc");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        Path input = dir.resolve("d.json");
        Files.writeString(input, "{\"id\": \"x\", \"utterances\": [{\"speaker\": 0, \"features\": "
                + "{\"text\": [0,0,0,0,0], \"audio\": [0,0,0,0,0,0,0], \"visual\": [0,0,0]}}]}");
        assertEquals(0, run("predict", "--model", model.toString(), "--input", input.toString())[0]);
        assertOneLine(Erc.BAD_DATA, "erc predict: " + half + ": cannot read it as a model file, truncated",
                "predict", "--model", half.toString(), "--input", input.toString());
        assertOneLine(Erc.BAD_DATA, "erc predict: " + dir + ": is a directory, not a model file",
                "predict", "--model", dir.toString(), "--input", input.toString());
        assertOneLine(Erc.BAD_DATA, "erc evaluate: " + half + ": cannot read it as a model file",
                "evaluate", "--model", half.toString());
    }

    @Test
    void everyHelpListsTheExitCodes() {
        for (String sub : new String[] {"reproduce", "train", "evaluate", "predict", "inspect"}) {
            PrintStream out = System.out;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
                assertEquals(0, Erc.execute(sub, "--help"));
            } finally {
                System.setOut(out);
            }
            String help = o.toString(StandardCharsets.UTF_8);
            assertTrue(help.contains("Exit codes:") && help.contains("  2   usage error")
                    && help.contains("  3   bad input"), sub + ": " + help);
        }
    }

    @Test
    void unwritableOutputsAreRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "in the way");
        // a data file that would fail to load (exit 3): the output is refused first, so before any training
        Path badData = dir.resolve("bad.pkl");
        Files.writeString(badData, "not a pickle");
        assertOneLine(Erc.USAGE, "erc train: cannot write " + dir + ": is a directory, not a file",
                "train", "--quiet", "--model", dir.toString(), "--data", badData.toString());
        assertOneLine(Erc.USAGE, "erc reproduce: cannot write " + file + ": is a file, not a folder",
                "reproduce", "--quiet", "--out", file.toString(), "--data", badData.toString());
        assertOneLine(Erc.USAGE, "erc train: cannot write " + file.resolve("m.erc") + ": cannot create the folder",
                "train", "--quiet", "--model", file.resolve("m.erc").toString());
        assertOneLine(Erc.USAGE, "erc train: cannot write " + dir + ": is a directory",
                "train", "--quiet", "--model", dir.resolve("m.erc").toString(), "--checkpoint", dir.toString());
        assertOneLine(Erc.USAGE, "erc reproduce: cannot write " + file + ": is a file, not a folder",
                "reproduce", "--quiet", "--out", file.toString());
        assertFalse(Files.exists(dir.resolve("m.erc")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no probe or temporary file left behind");
        }
    }
}
