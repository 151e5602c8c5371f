package dev.erc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real COSMIC transcript files of IEMOCAP and MELD, read from the shared data folder: the system property
 * {@code erc.data}, else the environment variable {@code ERC_DATA}, else {@code ../shared/data} (relative to the
 * repository root). Skipped, with the reason, where the files are absent.
 */
class RealTranscriptsTest {

    static Path dataDir() {
        String configured = System.getProperty("erc.data", System.getenv("ERC_DATA"));
        if (configured != null) {
            return Path.of(configured);
        }
        // Surefire runs in the module folder; the repository root is one up
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw"))) {
                return p.resolve("../shared/data").normalize();
            }
        }
        return here.resolve("../../shared/data").normalize();
    }

    private static Path file(String name) {
        Path f = dataDir().resolve("conv-emotion").resolve(name);
        if (!Files.isRegularFile(f)) {
            String reason = "real data not found at " + f + " (set -Derc.data or ERC_DATA to the folder holding "
                    + "conv-emotion/); skipping";
            // Surefire shows assumption messages only in its report files: say it on the console too
            System.err.println("[SKIPPED] " + RealTranscriptsTest.class.getSimpleName() + ": " + reason);
            assumeTrue(false, reason);
        }
        return f;
    }

    private static void assertSplits(Dataset d, int[] dialogues, int[] utterances) {
        Split[] order = {Split.TRAIN, Split.VALID, Split.TEST};
        for (int i = 0; i < 3; i++) {
            assertEquals(dialogues[i], d.split(order[i]).size(), order[i] + " dialogues");
            assertEquals(utterances[i], d.utteranceCount(order[i]), order[i] + " utterances");
        }
    }

    @Test
    void iemocapTranscripts() throws IOException {
        Dataset d = DataFiles.load(file("iemocap.pkl"));
        assertEquals(FileFormat.COSMIC_IEMOCAP_TRANSCRIPTS, DataFiles.detect(file("iemocap.pkl")));
        assertSplits(d, new int[] {108, 12, 31}, new int[] {5163, 647, 1623});
        assertEquals(6, d.labels().size());
        assertEquals(1296, d.labelCounts(Split.TRAIN).get("frustrated"));
    }

    @Test
    void meldTranscripts() throws IOException {
        Dataset d = DataFiles.load(file("meld.pkl"));
        assertEquals(FileFormat.COSMIC_MELD_TRANSCRIPTS, DataFiles.detect(file("meld.pkl")));
        assertSplits(d, new int[] {1038, 114, 280}, new int[] {9989, 1109, 2610});
        assertEquals(7, d.labels().size());
        assertEquals(4710, d.labelCounts(Split.TRAIN).get("neutral"));
        // Windows-1252 apostrophes and quotes, not C1 control characters a tokenizer would drop
        int curly = 0;
        for (Split s : Split.values()) {
            for (dev.erc.api.Dialogue dl : d.split(s)) {
                for (dev.erc.api.Utterance u : dl.utterances()) {
                    assertTrue(u.text().chars().noneMatch(c -> c >= 0x80 && c < 0xA0), u.text());
                    curly += u.text().contains("\u2019") ? 1 : 0;
                }
            }
        }
        assertTrue(curly > 3000, curly + " utterances with a right single quote");
    }
}
