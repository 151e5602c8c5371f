package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files cut short or given as a folder, and outputs that cannot be written: exit 3 (bad input) or 2 (an output
 * option that cannot be honoured), one line on stderr naming the path, no stack trace, and for outputs before any
 * training starts.
 */
class BadPathsTest {

    private static void assertOneLine(int expectedCode, String expectedStart, String... args) {
        CliRun r = CliRun.of(args);
        String err = r.err().strip();
        assertEquals(expectedCode, r.code(), String.join(" ", args) + ": " + err);
        assertTrue(err.startsWith(expectedStart), err);
        assertFalse(err.contains("\n") || err.contains("Exception") || err.contains("\tat "), "one line: " + err);
    }

    @Test
    void damagedOrFolderModelsAreBadInput(@TempDir Path dir) throws Exception {
        Path model = CliRun.tinyModel(dir.resolve("m.erc"));
        Path half = dir.resolve("half.erc");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        Path input = CliRun.tinyDialogue(dir.resolve("d.json"));
        assertEquals(0, CliRun.of("predict", "--model", model.toString(), "--input", input.toString()).code());
        assertOneLine(Erc.BAD_DATA, "erc predict: " + half + ": cannot read it as a model file, truncated",
                "predict", "--model", half.toString(), "--input", input.toString());
        assertOneLine(Erc.BAD_DATA, "erc predict: " + dir + ": is a directory, not a model file",
                "predict", "--model", dir.toString(), "--input", input.toString());
        assertOneLine(Erc.BAD_DATA, "erc evaluate: " + half + ": cannot read it as a model file",
                "evaluate", "--model", half.toString());
    }

    @Test
    void aCheckpointOfOtherSettingsIsBadInput(@TempDir Path dir) {
        String data = "../erc-data/src/test/resources/fixtures/data/iemocap_features_np2.pkl";
        Path ckpt = dir.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", "--quiet", "--epochs", "1,1", "--data", data, "--checkpoint",
                ckpt.toString(), "--model", dir.resolve("a.erc").toString()).code());
        assertOneLine(Erc.BAD_DATA, "erc train: " + ckpt + ": written for other settings or data", "train", "--quiet",
                "--epochs", "1,1", "--seed", "2", "--data", data, "--checkpoint", ckpt.toString(), "--model",
                dir.resolve("b.erc").toString());
    }

    @Test
    void everyHelpListsTheExitCodes() {
        for (String sub : new String[] {"reproduce", "train", "evaluate", "predict", "inspect"}) {
            CliRun r = CliRun.of(sub, "--help");
            assertEquals(0, r.code());
            String help = r.out();
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
