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
