package dev.erc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcripts: 'speaker: utterance' lines, parties numbered in order of appearance, errors naming the line. */
class TranscriptTest {

    @Test
    void linesBecomeTurnsWithPartiesInOrderOfAppearance() throws IOException {
        Transcript t = Transcript.parse("call", "\uFEFFAnna: I got the job!\n\n  Ben :  No way: really?  \r\n"
                + "Anna: Yes.\nCara: Congratulations!\n");
        Dialogue d = t.dialogue();
        assertEquals(4, d.size());
        assertEquals(List.of(0, 1, 0, 2), d.utterances().stream().map(Utterance::speaker).toList());
        assertEquals(List.of("Anna", "Ben", "Anna", "Cara"), t.speakers());
        assertEquals(List.of(1, 3, 4, 5), t.lines());
        assertEquals("No way: really?", d.utterance(1).text(), "only the first colon separates");
        assertTrue(d.utterances().stream().noneMatch(Utterance::hasLabel));
    }

    @Test
    void badLinesAreNamedByNumber() {
        TranscriptFormatException e = assertThrows(TranscriptFormatException.class,
                () -> Transcript.parse("f.txt", "A: hi\nB: hello\nthis line has no speaker\n"));
        assertTrue(e.getMessage().startsWith("f.txt, line 3: expected 'speaker: utterance'"), e.getMessage());
        e = assertThrows(TranscriptFormatException.class, () -> Transcript.parse("f.txt", "A: hi\nB:   \n"));
        assertEquals("f.txt, line 2: B says nothing (an empty utterance)", e.getMessage());
        e = assertThrows(TranscriptFormatException.class, () -> Transcript.parse("f.txt", " : hi\n"));
        assertEquals("f.txt, line 1: no speaker before the colon", e.getMessage());
        e = assertThrows(TranscriptFormatException.class, () -> Transcript.parse("f.txt", "\n \n"));
        assertEquals("f.txt: no 'speaker: utterance' lines", e.getMessage());
    }

    @Test
    void filesMustBeUtf8(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, "A: hello\nB: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        TranscriptFormatException e = assertThrows(TranscriptFormatException.class, () -> Transcript.read(f));
        assertTrue(e.getMessage().startsWith(f + ", line 2: not UTF-8 text (byte 0xe9 at offset 15)"),
                e.getMessage());
        e = assertThrows(TranscriptFormatException.class, () -> Transcript.read(dir.resolve("missing.txt")));
        assertTrue(e.getMessage().endsWith("missing.txt: no such file"), e.getMessage());
        Path ok = Files.writeString(dir.resolve("ok.txt"), "A: caf\u00e9 \u00e0 la cr\u00e8me\n");
        assertEquals("caf\u00e9 \u00e0 la cr\u00e8me", Transcript.read(ok).dialogue().utterance(0).text());
    }
}
