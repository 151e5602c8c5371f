package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    /** erc-data's fixtures, from this module's folder. */
    private static final Path FIXTURES = Path.of("../erc-data/src/test/resources/fixtures/data");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Erc.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void printsOneJsonObjectDescribingTheFile() throws Exception {
        Run r = run("inspect", FIXTURES.resolve("iemocap_features_py2.pkl").toString());
        assertEquals(0, r.exit(), r.err());
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
        Run r = run("inspect", bad.toString());
        assertEquals(Erc.BAD_DATA, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(bad.toString()), r.err());
        assertEquals("", r.out());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run("inspect").exit());
        assertEquals(2, run("no-such-command").exit());
        assertEquals(0, run("--help").exit());
    }
}
