package dev.erc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines dialogue format: what it accepts, and bad lines named by file, line and dialogue. */
class DialogueLinesTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.writeString(dir.resolve("d.jsonl"), String.join("\n", lines) + "\n");
    }

    @Test
    void readsSpeakersLabelsFeaturesAndSplits() throws IOException {
        Path f = file(
                "{\"id\": \"a\", \"split\": \"train\", \"utterances\": [{\"speaker\": \"Anna\", \"text\": \"Hi!\", "
                        + "\"label\": \"joy\", \"features\": {\"audio\": [1, 2.5]}}, {\"speaker\": \"Ben\", \"text\": "
                        + "\"Oh.\", \"label\": \"anger\", \"features\": {\"audio\": [0, -1]}}, {\"speaker\": \"Anna\", "
                        + "\"text\": \"Well.\", \"features\": {\"audio\": [3, 4]}}]}",
                "",
                "{\"id\": 7, \"split\": \"valid\", \"utterances\": [{\"speaker\": [0, 0, 1], \"text\": \"x\", "
                        + "\"label\": null, \"features\": {\"audio\": [5, 6]}}]}",
                "{\"id\": \"c\", \"split\": \"test\", \"utterances\": [{\"speaker\": 4, \"text\": \"y\", \"label\": "
                        + "\"joy\", \"features\": {\"audio\": [7, 8]}}]}");
        Dataset d = DialogueLines.read(f, 0);
        assertEquals(List.of("anger", "joy"), d.labels().names(), "names sorted");
        assertEquals(Map.of(Modality.AUDIO, 2), d.dimensions());
        Dialogue a = d.split(Split.TRAIN).get(0);
        assertEquals(List.of(0, 1, 0), a.utterances().stream().map(Utterance::speaker).toList());
        assertEquals(List.of(1, 0, -1), a.utterances().stream().map(Utterance::label).toList());
        assertArrayEquals(new float[] {1, 2.5f}, a.utterance(0).feature(Modality.AUDIO));
        assertEquals("Hi!", a.utterance(0).text());
        assertEquals(2, d.split(Split.VALID).get(0).utterance(0).speaker(), "one-hot position");
        assertEquals("7", d.split(Split.VALID).get(0).id());
        assertEquals(4, d.split(Split.TEST).get(0).utterance(0).speaker(), "an index as given");
        assertEquals(5, d.speakers().size());
    }

    @Test
    void aLabelsLineFixesTheOrderAndIndicesReferToIt() throws IOException {
        Path f = file("{\"labels\": [\"neutral\", \"joy\", \"anger\"]}",
                "{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"text\": \"Hi\", \"label\": 2}, "
                        + "{\"speaker\": 1, \"text\": \"Yo\", \"label\": \"joy\"}]}",
                "{\"id\": \"b\", \"utterances\": [{\"speaker\": 0, \"text\": \"Hey\", \"label\": 0}]}");
        Dataset d = DialogueLines.read(f, 0);
        assertEquals(List.of("neutral", "joy", "anger"), d.labels().names());
        List<Dialogue> all = new java.util.ArrayList<>(d.split(Split.TRAIN));
        all.addAll(d.split(Split.VALID));
        Dialogue a = all.stream().filter(x -> x.id().equals("a")).findFirst().orElseThrow();
        assertEquals(List.of(2, 1), a.utterances().stream().map(Utterance::label).toList());
        assertEquals(1, d.split(Split.VALID).size(), "no valid dialogue given: one carved from train");
        assertTrue(d.dimensions().isEmpty());
        assertNull(a.utterance(0).feature(Modality.TEXT));
    }

    @Test
    void indicesWithoutALabelsLineNameTheClassesByNumber() throws IOException {
        Dataset d = DialogueLines.read(file("{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"text\": \"Hi\", "
                + "\"label\": 3}]}"), 0);
        assertEquals(List.of("0", "1", "2", "3"), d.labels().names());
    }

    private void rejects(String expected, String... lines) throws IOException {
        Path f = file(lines);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DialogueLines.read(f, 0));
        assertEquals(f + expected, e.getMessage());
    }

    @Test
    void badLinesAreNamedByFileLineAndDialogue() throws IOException {
        String ok = "{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"text\": \"Hi\"}]}";
        rejects(", line 2: not valid JSON (column 11: Unexpected end-of-input: expected close marker for Object)",
                ok, "{\"id\": \"b\"");
        rejects(", line 1, dialogue a: utterance 1: empty \"text\"",
                "{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"text\": \"  \"}]}");
        rejects(", line 2, dialogue a: a second dialogue with this id", ok, ok);
        rejects(", line 1, dialogue a: utterance 1: unknown field \"txt\" (an utterance has speaker, text, label and "
                + "features)", "{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"txt\": \"Hi\"}]}");
        rejects(", line 1, dialogue a: utterance 2: features {AUDIO=3}, but the first utterance of the file has "
                        + "{AUDIO=2}; every utterance needs the same modalities and sizes",
                "{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"features\": {\"audio\": [1, 2]}}, {\"speaker\": "
                        + "1, \"features\": {\"audio\": [1, 2, 3]}}]}");
        rejects(", line 2, dialogue a: utterance 1: label 5 is out of range 0..1",
                "{\"labels\": [\"x\", \"y\"]}", "{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"text\": \"Hi\", "
                        + "\"label\": 5}]}");
        rejects(", line 1, dialogue a: utterance 1: \"speaker\" must be a name, an index >= 0 or a one-hot list, "
                + "found [0,2]", "{\"id\": \"a\", \"utterances\": [{\"speaker\": [0, 2], \"text\": \"Hi\"}]}");
        rejects(", line 1, dialogue a: utterance 1, visual features: value 2 is \"x\", expected a finite number",
                "{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"features\": {\"visual\": [1, \"x\"]}}]}");
        rejects(", line 1: a dialogue needs an \"id\" (a string or an integer), found nothing",
                "{\"utterances\": []}");
        rejects(": no dialogues", "", " ");
    }

    @Test
    void nonUtf8BytesNameTheirLine() throws IOException {
        Path f = dir.resolve("latin1.jsonl");
        Files.write(f, ("{\"id\": \"a\", \"utterances\": [{\"speaker\": 0, \"text\": \"Hi\"}]}\n"
                + "{\"id\": \"b\", \"utterances\": [{\"speaker\": 0, \"text\": \"caf\u00e9\"}]}\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DialogueLines.read(f, 0));
        assertTrue(e.getMessage().startsWith(f + ": line 2: not UTF-8 text"), e.getMessage());
    }
}
