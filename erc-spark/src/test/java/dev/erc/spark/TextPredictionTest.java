package dev.erc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.api.Transcript;
import dev.erc.data.DialogueLines;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import dev.erc.text.BundledEncoder;
import dev.erc.text.TextEmotionRecognizer;
import dev.erc.text.TextFeatures;
import dev.erc.text.UtteranceEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained on text, predicting utterance tables of text read from Parquet, JSON Lines and CSV: the executors
 * encode the text with the model's bundled encoder and give what {@link TextEmotionRecognizer} gives in one JVM.
 */
class TextPredictionTest {

    private static final String[] SAID = {"I got the job!", "I miss her so much.", "What a lovely day.",
        "Nobody called me back.", "Well, that is just great, another delay.", "Thank you, truly, for everything."};

    @TempDir
    static Path dir;
    static SparkSession spark;
    static PmfErc model;

    @BeforeAll
    static void train() throws IOException {
        spark = SparkTestData.session();
        List<String> lines = new ArrayList<>();
        String[] labels = {"happy", "sad", "happy", "sad", "angry", "excited"};
        for (int d = 0; d < 8; d++) {
            StringBuilder us = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                int k = (d + i) % SAID.length;
                us.append(i == 0 ? "" : ", ").append("{\"speaker\": \"").append(i % 2 == 0 ? "M" : "F")
                        .append("\", \"text\": \"").append(SAID[k]).append("\", \"label\": \"").append(labels[k])
                        .append("\"}");
            }
            lines.add("{\"id\": \"d" + d + "\", \"split\": \"" + (d < 6 ? "train" : "valid") + "\", \"utterances\": ["
                    + us + "]}");
        }
        Dataset talks = DialogueLines.read(Files.write(dir.resolve("talks.jsonl"), lines), 0);
        try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
            Dataset text = TextFeatures.of(enc).encode(talks).dataset();
            PmfErc m = PmfErc.builder(Preset.IEMOCAP).textEncoder(enc.id())
                    .config(Preset.IEMOCAP.config().forData(text.dimensions().keySet()).withEpochs(2, 2))
                    .labels(text.labels()).speakers(2).seed(3).build();
            m.fit(text.split(Split.TRAIN), text.split(Split.VALID));
            m.save(dir.resolve("text.erc"));
        }
        model = PmfErc.load(dir.resolve("text.erc"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Five conversations of 2-7 turns between Ana and Bo, who speaks first varying. */
    private static List<Row> conversations() {
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            for (int t = 0; t < 2 + d; t++) {
                rows.add(RowFactory.create("call-" + d, (long) t + 1, (t + d) % 2 == 0 ? "Ana" : "Bo",
                        SAID[(3 * d + t) % SAID.length]));
            }
        }
        return rows;
    }

    private static Map<String, List<Prediction>> oneByOne(List<Row> rows) throws IOException {
        Map<String, StringBuilder> text = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            text.computeIfAbsent(r.getString(0), k -> new StringBuilder()).append(r.getString(2)).append(": ")
                    .append(r.getString(3)).append('\n');
        }
        Map<String, List<Prediction>> out = new HashMap<>();
        try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
            TextEmotionRecognizer erc = TextEmotionRecognizer.of(model, enc);
            for (var e : text.entrySet()) {
                out.put(e.getKey(), erc.predict(Transcript.parse(e.getKey(), e.getValue().toString())));
            }
        }
        return out;
    }

    @Test
    void everyFormatGivesWhatTheRecognizerGivesInOneJvm() throws IOException {
        List<Row> rows = conversations();
        Map<String, List<Prediction>> want = oneByOne(rows);
        var table = spark.createDataFrame(rows, UtteranceColumns.textSchema());
        EmotionPredictor p = EmotionPredictor.load(spark, dir.resolve("text.erc")).batchDialogues(2).partitions(2);
        for (UtteranceTables.Format f : UtteranceTables.Format.values()) {
            String path = dir.resolve("calls-" + f).toString();
            UtteranceTables.write(table, path, f);
            assertEquals(f, UtteranceTables.guess(Path.of(path)));
            List<Row> got = p.transform(UtteranceTables.read(spark, path, f)).collectAsList();
            assertEquals(rows.size(), got.size(), f.toString());
            for (Row r : got) {
                assertNull(r.getAs(UtteranceColumns.ERROR), f + ": " + r);
                Prediction w = want.get(r.<String>getAs(UtteranceColumns.DIALOGUE_ID))
                        .get((int) (((Number) r.getAs(UtteranceColumns.TURN)).longValue() - 1));
                assertEquals(w.name(), r.getAs(UtteranceColumns.EMOTION), f + ": " + r);
                for (int c = 0; c < model.labels().size(); c++) {
                    assertEquals(w.probability(c), r.<Double>getAs(UtteranceColumns.probability(
                            model.labels().name(c))), 1e-6, f + ": " + r);
                }
            }
        }
    }

    @Test
    void csvRowsThatDoNotParseRejectTheirDialogueWithTheReason() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), """
                dialogue_id,turn,speaker,text
                a,1,Ana,I got the job!
                a,two,Bo,"Well, that is just great."
                b,1,Ana,What a lovely day.
                b,2,Bo,
                c,1,Ana,Thank you.
                c,2,Bo,I miss her so much.
                """);
        EmotionPredictor p = EmotionPredictor.load(spark, dir.resolve("text.erc"));
        Map<String, String> errors = new HashMap<>();
        List<Row> out = p.transform(UtteranceTables.read(spark, csv.toString(), UtteranceTables.guess(csv)))
                .collectAsList();
        assertEquals(6, out.size(), "no row is dropped");
        for (Row r : out) {
            errors.put(r.getString(0), r.getAs(UtteranceColumns.ERROR));
        }
        assertEquals("dialogue a: a row has no turn", errors.get("a"));
        assertEquals("dialogue b, turn 2: no text (the model reads text)", errors.get("b"));
        assertNull(errors.get("c"));
    }

    @Test
    void formatsAreNamedOrRefusedClearly() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UtteranceTables.guess(dir.resolve("missing.parquet")));
        assertTrue(e.getMessage().endsWith("missing.parquet: no such file or folder"), e.getMessage());
        Path odd = Files.writeString(dir.resolve("calls.txt"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> UtteranceTables.guess(odd));
        assertTrue(e.getMessage().contains("cannot tell its format"), e.getMessage());
        var features = spark.createDataFrame(SparkTestData.rows(SparkTestData.data(new int[] {0, 0, 1}, 1)
                .split(Split.TEST)), SparkTestData.featureSchema());
        e = assertThrows(IllegalArgumentException.class,
                () -> UtteranceTables.write(features, dir.resolve("f.csv").toString(), UtteranceTables.Format.CSV));
        assertTrue(e.getMessage().startsWith("CSV cannot hold the array columns features_text"), e.getMessage());
    }
}
