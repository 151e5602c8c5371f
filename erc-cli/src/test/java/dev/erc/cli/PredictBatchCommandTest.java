package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.erc.api.Dialogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code erc predict-batch} on local[2]: the probabilities {@code erc predict} gives one dialogue at a time. */
class PredictBatchCommandTest {

    /** Checks every row of {@code got} against {@code erc predict --input} on its dialogue alone. */
    static void assertSameAsPredictOneByOne(Path model, List<Dialogue> dialogues, Map<String, JsonNode> got, Path dir)
            throws IOException {
        for (Dialogue d : dialogues) {
            CliRun one = CliRun.of("predict", "--model", model.toString(), "--input",
                    SparkBatchData.predictInput(d, dir.resolve(d.id() + ".json")).toString());
            assertEquals(0, one.code(), one.err());
            JsonNode us = SparkBatchData.parse(one.out()).get("utterances");
            for (int i = 0; i < d.size(); i++) {
                JsonNode row = got.get(d.id() + "#" + (i + 1));
                assertEquals(us.get(i).get("emotion").asText(), row.get("emotion").asText(), d.id() + " turn " + i);
                for (var p : us.get(i).get("probabilities").properties()) {
                    assertEquals(p.getValue().asDouble(), row.get("p_" + p.getKey()).asDouble(), 1e-6,
                            d.id() + " turn " + (i + 1) + " " + p.getKey());
                }
            }
        }
    }

    @Test
    void predictionsAreThoseOfPredictOneByOneAndRejectsAreKept(@TempDir Path dir) throws IOException {
        Path model = CliRun.tinyModel(dir.resolve("m.erc"));
        List<Dialogue> dialogues = SparkBatchData.dialogues(9, 21);
        Path input = SparkBatchData.table(dialogues, dir.resolve("calls.jsonl"));
        // one more dialogue whose second turn has a feature vector of the wrong size
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.add("{\"dialogue_id\": \"bad\", \"turn\": 1, \"speaker\": 0, \"features_text\": [1,2,3,4,5], "
                + "\"features_audio\": [1,2,3,4,5,6,7], \"features_visual\": [1,2,3]}");
        lines.add("{\"dialogue_id\": \"bad\", \"turn\": 2, \"speaker\": 1, \"features_text\": [1,2,3,4], "
                + "\"features_audio\": [1,2,3,4,5,6,7], \"features_visual\": [1,2,3]}");
        Files.write(input, lines);
        Path out = dir.resolve("out");
        CliRun batch = CliRun.of("predict-batch", "--spark", "local[2]", "--model", model.toString(), "--input",
                input.toString(), "--output", out.toString(), "--format", "json", "--partitions", "3");
        assertEquals(0, batch.code(), batch.err());
        int utterances = dialogues.stream().mapToInt(Dialogue::size).sum();
        assertTrue(batch.out().startsWith((utterances + 2) + " utterances: " + utterances + " predicted"), batch.out());
        assertTrue(batch.out().contains("2 rejected in 1 dialogues"), batch.out());
        Map<String, JsonNode> got = SparkBatchData.rows(out.resolve("predictions"));
        assertEquals(utterances, got.size());
        assertSameAsPredictOneByOne(model, dialogues, got, dir);
        Map<String, JsonNode> rejected = SparkBatchData.rows(out.resolve("rejected"));
        assertEquals(2, rejected.size());
        assertEquals("dialogue bad: dialogue bad, utterance 1: text features of dimension 4, the model needs 5"
                .replace("dialogue bad: dialogue bad", "dialogue bad"), rejected.get("bad#1").get("error").asText());
        assertFalse(Files.exists(dir.resolve(".out.incomplete")), "no staging folder is left behind");
    }

    @Test
    void badOptionsAndInputsEndInOneLine(@TempDir Path dir) throws IOException {
        Path model = CliRun.tinyModel(dir.resolve("m.erc"));
        Path input = SparkBatchData.table(SparkBatchData.dialogues(2, 3), dir.resolve("calls.jsonl"));
        Files.createDirectories(dir.resolve("taken"));
        CliRun r = CliRun.of("predict-batch", "--spark", "local[1]", "--model", model.toString(), "--input",
                input.toString(), "--output", dir.resolve("taken").toString());
        assertEquals(Erc.USAGE, r.code());
        assertTrue(r.err().contains("--output " + dir.resolve("taken") + " exists"), r.err());

        r = CliRun.of("predict-batch", "--spark", "local[1]", "--model", model.toString(), "--input",
                dir.resolve("none.parquet").toString(), "--output", dir.resolve("o1").toString());
        assertEquals(Erc.BAD_DATA, r.code(), r.err());
        assertEquals("erc predict-batch: " + dir.resolve("none.parquet") + ": no such file or folder",
                r.err().strip());

        r = CliRun.of("predict-batch", "--spark", "local[1]", "--model", model.toString(), "--input",
                input.toString(), "--output", dir.resolve("o2").toString(), "--format", "csv");
        assertEquals(Erc.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("CSV cannot hold the array columns features_audio"), r.err());
        assertFalse(Files.exists(dir.resolve("o2")), "a failed run leaves no output");

        Path textOnly = Files.writeString(dir.resolve("t.csv"), "dialogue_id,turn,speaker,text\na,1,Ann,Hello\n");
        r = CliRun.of("predict-batch", "--spark", "local[1]", "--model", model.toString(), "--input",
                textOnly.toString(), "--output", dir.resolve("o3").toString());
        assertEquals(Erc.BAD_DATA, r.code(), r.err());
        assertEquals("erc predict-batch: " + textOnly + ": the model uses text features: the input needs a column "
                + "'features_text' (array of float)", r.err().strip());
    }
}
