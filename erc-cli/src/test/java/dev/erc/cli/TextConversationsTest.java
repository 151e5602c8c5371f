package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.erc.model.PmfErc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations as text end to end through the command line: train on a JSON Lines file of text (encoded with the
 * bundled encoder), evaluate it, and predict the emotions of a transcript the test writes; bad transcripts and
 * mismatched encoders exit 3 with a message.
 */
class TextConversationsTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path cache;

    private static final String[] HAPPY = {"I got the job, I can't believe it!", "This is the best day of my life.",
        "We won! We actually won!", "I love you so much.", "That's wonderful news, congratulations!"};
    private static final String[] SAD = {"He's gone. He's really gone.", "I miss her every single day.",
        "Nobody came to my party.", "I failed the exam again.", "I just feel so alone."};

    @BeforeAll
    static void train() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int d = 0; d < 16; d++) {
            String split = d < 10 ? "train" : d < 13 ? "valid" : "test";
            StringBuilder us = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                boolean happy = (d + i) % 2 == 0;
                String text = (happy ? HAPPY : SAD)[(d + i) % 5];
                us.append(i == 0 ? "" : ", ").append("{\"speaker\": \"").append(i % 2 == 0 ? "A" : "B")
                        .append("\", \"text\": \"").append(text.replace("'", "'")).append("\", \"label\": \"")
                        .append(happy ? "happy" : "sad").append("\"}");
            }
            lines.add("{\"id\": \"d" + d + "\", \"split\": \"" + split + "\", \"utterances\": [" + us + "]}");
        }
        Path data = Files.write(dir.resolve("talks.jsonl"), lines);
        model = dir.resolve("text.erc");
        cache = dir.resolve("cache");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--epochs", "2,3", "--learning-rate", "0.003",
                "--set", "window=2", "--model", model.toString(), "--cache", cache.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("64 utterances, 10 distinct texts: 0 from the cache, 10 encoded"), r.err());
    }

    @Test
    void theModelFileRemembersItsEncoderAndSettings() throws IOException {
        PmfErc m = PmfErc.load(model);
        assertTrue(m.textEncoder().startsWith("all-minilm-l6-v2-q@"));
        assertEquals(2, m.config().window(), "--set window=2");
        assertEquals(Set.of(dev.erc.api.Modality.TEXT), m.config().modalities(), "text-only data, text-only model");
        CliRun r = CliRun.of("train", "--data", dir.resolve("talks.jsonl").toString(), "--set", "windw=2", "--model",
                dir.resolve("never.erc").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--set: no model setting 'windw'"), r.err());
    }

    @Test
    void predictsEveryLineOfATranscript() throws IOException {
        Path t = Files.writeString(dir.resolve("call.txt"), "Anna: I got the job, I can't believe it!\n\n"
                + "Ben: I just feel so alone.\nAnna: Why?\n");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--text", t.toString(), "--cache",
                cache.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        JsonNode us = out.get("utterances");
        assertEquals(3, us.size());
        assertEquals(List.of(1, 3, 4), List.of(us.get(0).get("line").asInt(), us.get(1).get("line").asInt(),
                us.get(2).get("line").asInt()));
        assertEquals("Ben", us.get(1).get("speaker").asText());
        assertEquals("Why?", us.get(2).get("text").asText());
        for (JsonNode u : us) {
            assertTrue(Set.of("happy", "sad").contains(u.get("emotion").asText()), u.toString());
            double sum = u.get("probabilities").get("happy").asDouble() + u.get("probabilities").get("sad").asDouble();
            assertEquals(1.0, sum, 1e-5);
        }
        CliRun table = CliRun.of("predict", "--model", model.toString(), "--text", t.toString(), "--format", "table",
                "--no-cache");
        assertEquals(0, table.code(), table.err());
        String[] rows = table.out().split("\n");
        assertEquals(4, rows.length, table.out());
        assertTrue(rows[0].startsWith("line   speaker  emotion"), rows[0]);
        assertTrue(rows[2].startsWith("3      Ben      " + us.get(1).get("emotion").asText()), rows[2]);
    }

    @Test
    void badTranscriptsExit3NamingTheLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.txt"), "Anna: hi\nno colon here\n");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--text", bad.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains(bad + ", line 2: expected 'speaker: utterance'"), r.err());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "Anna: hi\nBen:\n");
        r = CliRun.of("predict", "--model", model.toString(), "--text", empty.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 2: Ben says nothing (an empty utterance)"), r.err());
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "Anna: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        r = CliRun.of("predict", "--model", model.toString(), "--text", latin1.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 1: not UTF-8 text"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        Path three = Files.writeString(dir.resolve("three.txt"), "Anna: hi\nBen: hey\nCara: hello\n");
        r = CliRun.of("predict", "--model", model.toString(), "--text", three.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("utterance 2: speaker 2, the model knows 2"), r.err());
    }

    @Test
    void anotherEncoderOrAFeatureModelIsRefused() throws IOException {
        Path t = Files.writeString(dir.resolve("ok.txt"), "Anna: hello\n");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--text", t.toString(), "--encoder",
                "bge-small");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("the model was trained with the utterance encoder all-minilm-l6-v2-q@"), r.err());
        Path features = CliRun.tinyModel(dir.resolve("features.erc"));
        r = CliRun.of("predict", "--model", features.toString(), "--text", t.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("trained on text features from a feature file"), r.err());
    }

    @Test
    void aModelOnTwoEncodersSideBySideFindsThemAgain() throws IOException {
        Path both = dir.resolve("both.erc");
        CliRun r = CliRun.of("train", "--data", dir.resolve("talks.jsonl").toString(), "--encoder", "minilm+bge-small",
                "--epochs", "1,1", "--model", both.toString(), "--no-cache", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(PmfErc.load(both).textEncoder().matches("all-minilm-l6-v2-q@\\w+\\+bge-small-en-v1.5-q@\\w+"),
                PmfErc.load(both).textEncoder());
        Path t = Files.writeString(dir.resolve("both.txt"), "Anna: hello\nBen: bye\n");
        r = CliRun.of("predict", "--model", both.toString(), "--text", t.toString(), "--no-cache");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, new ObjectMapper().readTree(r.out()).get("utterances").size());
    }

    @Test
    void evaluatesOnTheSameFile() throws IOException {
        CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--data", dir.resolve("talks.jsonl").toString(),
                "--cache", cache.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("10 from the cache, 0 encoded"), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertTrue(out.toString().contains("weightedF1"), r.out());
    }
}
