package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    /** erc-data's fixtures, from this module's folder. */
    private static final Path FIXTURES = Path.of("../erc-data/src/test/resources/fixtures/data");

    @Test
    void printsOneJsonObjectDescribingTheFile() throws Exception {
        CliRun r = CliRun.of("inspect", FIXTURES.resolve("iemocap_features_py2.pkl").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("IEMOCAP_FEATURES", json.get("format").asText());
        assertEquals(2, json.get("splits").get("test").get("dialogues").asInt());
        assertEquals(7, json.get("splits").get("test").get("utterances").asInt());
        int total = 0;
        for (String s : new String[] {"train", "valid", "test"}) {
            total += json.get("splits").get(s).get("dialogues").asInt();
        }
        assertEquals(7, total);
        assertEquals(12, json.get("dimensions").get("audio").asInt());
        assertTrue(json.get("splits").get("train").get("labels").has("frustrated"));
    }

    @Test
    void describesJsonLinesDialogues(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("talks.jsonl"), """
                {"id": "a", "split": "train", "utterances": [{"speaker": "Anna", "text": "I got the job!", "label": "joy"}, {"speaker": "Ben", "text": "No way.", "label": "surprise"}, {"speaker": "Cara", "text": "Wow", "label": "joy"}]}
                {"id": "b", "split": "test", "utterances": [{"speaker": [0, 1], "text": "Hi", "label": "joy"}]}
                """);
        CliRun r = CliRun.of("inspect", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("JSON_LINES", json.get("format").asText());
        assertEquals(2, json.get("splits").get("train").get("labels").get("joy").asInt());
        assertEquals(1, json.get("splits").get("test").get("utterances").asInt());
        assertEquals(3, json.get("mostSpeakersInADialogue").asInt());
        assertEquals(4, json.get("text").get("utterancesWithText").asInt());
        assertEquals(4, json.get("text").get("longestInWords").asInt());
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\": \"a\", \"utterances\": [{\"speaker\": "
                + "0, \"text\": \"hi\", \"label\": \"joy\"}]}\n{\"id\": 3, \"utterances\": [{\"speaker\": 0}]}\n");
        r = CliRun.of("inspect", bad.toString());
        assertEquals(Erc.BAD_DATA, r.code());
        assertTrue(r.err().contains(bad + ", line 2, dialogue 3: utterance 1: neither \"text\" nor \"features\""),
                r.err());
    }

    @Test
    void badDataExitsWith3AndOneLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.pkl");
        Files.writeString(bad, "not a pickle");
        CliRun r = CliRun.of("inspect", bad.toString());
        assertEquals(Erc.BAD_DATA, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(bad.toString()), r.err());
        assertEquals("", r.out());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, CliRun.of("inspect").code());
        assertEquals(2, CliRun.of("no-such-command").code());
        assertEquals(0, CliRun.of("--help").code());
    }
}
