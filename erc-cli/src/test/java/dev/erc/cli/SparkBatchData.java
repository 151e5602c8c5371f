package dev.erc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.Dialogue;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.data.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Dialogues for {@link CliRun#tinyModel} as an utterance table (JSON Lines, one row per utterance) and as
 * {@code erc predict --input} files; and the rows {@code erc predict-batch} wrote, read back.
 */
final class SparkBatchData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkBatchData() {
    }

    /** {@code n} dialogues with the tiny model's feature sizes. */
    static List<Dialogue> dialogues(int n, long seed) {
        return SyntheticDataset.generate(new SyntheticDataset.Shape("tiny", LabelSet.IEMOCAP,
                new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {0, 0, n}, 6, 2, 12,
                Map.of(Modality.TEXT, 5, Modality.AUDIO, 7, Modality.VISUAL, 3)), seed).split(Split.TEST);
    }

    /** The utterance table: dialogue_id, turn (1-based), speaker index, features_text/audio/visual. */
    static Path table(List<Dialogue> dialogues, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Dialogue d : dialogues) {
            for (int i = 0; i < d.size(); i++) {
                ObjectNode row = JSON.createObjectNode();
                row.put("dialogue_id", d.id());
                row.put("turn", i + 1);
                row.put("speaker", d.utterance(i).speaker());
                for (Modality m : List.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL)) {
                    ArrayNode a = row.putArray("features_" + m.name().toLowerCase(java.util.Locale.ROOT));
                    for (float v : d.utterance(i).feature(m)) {
                        a.add(v);
                    }
                }
                lines.add(JSON.writeValueAsString(row));
            }
        }
        return Files.write(file, lines);
    }

    /**
     * A small labelled dataset with the tiny model's feature sizes (12 / 3 / 4 dialogues) as a JSON Lines dialogue
     * file, for {@code reproduce --data}.
     */
    static Path dataset(Path file) throws IOException {
        var d = SyntheticDataset.generate(new SyntheticDataset.Shape("tiny", LabelSet.IEMOCAP,
                new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {12, 3, 4}, 8, 4, 12,
                Map.of(Modality.TEXT, 5, Modality.AUDIO, 7, Modality.VISUAL, 3)), 5);
        List<String> lines = new ArrayList<>();
        for (Split split : Split.values()) {
            for (Dialogue dl : d.split(split)) {
                ObjectNode root = JSON.createObjectNode();
                root.put("id", dl.id());
                root.put("split", split.name().toLowerCase(java.util.Locale.ROOT));
                ArrayNode us = root.putArray("utterances");
                for (Utterance u : dl.utterances()) {
                    ObjectNode o = us.addObject();
                    o.put("speaker", u.speaker() == 0 ? "M" : "F");
                    o.put("label", u.label());
                    features(o.putObject("features"), u);
                }
                lines.add(JSON.writeValueAsString(root));
            }
        }
        return Files.write(file, lines);
    }

    private static void features(ObjectNode f, Utterance u) {
        for (Modality m : List.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL)) {
            ArrayNode a = f.putArray(m.name().toLowerCase(java.util.Locale.ROOT));
            for (float v : u.feature(m)) {
                a.add(v);
            }
        }
    }

    /** One dialogue as {@code erc predict --input} reads it. */
    static Path predictInput(Dialogue d, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", d.id());
        ArrayNode us = root.putArray("utterances");
        for (Utterance u : d.utterances()) {
            ObjectNode o = us.addObject();
            o.put("speaker", u.speaker());
            features(o.putObject("features"), u);
        }
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    /** The rows of a JSON table Spark wrote (a folder of part files), by "dialogue#turn". */
    static Map<String, JsonNode> rows(Path folder) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> parts = Files.list(folder)) {
            for (Path p : parts.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    JsonNode r = JSON.readTree(line);
                    out.put(r.get("dialogue_id").asText() + "#" + r.get("turn").asInt(), r);
                }
            }
        }
        return out;
    }

    /** {@code erc predict}'s JSON output. */
    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }
}
