package dev.erc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dialogue;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.model.PmfErc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch prediction on local[2] against the model predicting each dialogue alone in this JVM. */
class EmotionPredictorTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static PmfErc model;
    static EmotionPredictor predictor;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestData.session();
        model = SparkTestData.model(dir.resolve("m.erc"), 7);
        predictor = EmotionPredictor.load(spark, dir.resolve("m.erc")).partitions(3).batchDialogues(4);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The output rows by (dialogue, turn). */
    private static Map<String, Row> byTurn(Dataset<Row> out) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : out.collectAsList()) {
            Row old = m.put(r.getAs(UtteranceColumns.DIALOGUE_ID) + "#" + r.getAs(UtteranceColumns.TURN), r);
            assertNull(old, "one output row per input row");
        }
        return m;
    }

    @Test
    void predictionsAreTheModelsOnEachDialogueAlone() {
        List<Dialogue> test = SparkTestData.data(new int[] {0, 0, 30}, 3).split(Split.TEST);
        List<Row> rows = SparkTestData.rows(test);
        Collections.shuffle(rows, new Random(5)); // the order of the input rows must not matter
        Dataset<Row> out = predictor.transform(spark.createDataFrame(rows, SparkTestData.featureSchema()));
        Map<String, Row> got = byTurn(out);
        assertEquals(rows.size(), got.size());
        for (Dialogue d : test) {
            List<Prediction> want = model.predict(d);
            for (int i = 0; i < d.size(); i++) {
                Row r = got.get(d.id() + "#" + 10 * (i + 1));
                assertNull(r.getAs(UtteranceColumns.ERROR));
                assertEquals(want.get(i).name(), r.getAs(UtteranceColumns.EMOTION), d.id() + " turn " + i);
                for (int c = 0; c < model.labels().size(); c++) {
                    double p = r.getAs(UtteranceColumns.probability(model.labels().name(c)));
                    assertEquals(want.get(i).probability(c), p, 1e-6, d.id() + " turn " + i + " class " + c);
                }
            }
        }
    }

    @Test
    void speakerNamesAreNumberedInTheOrderTheyFirstSpeak() {
        Dialogue d = SparkTestData.data(new int[] {0, 0, 1}, 9).split(Split.TEST).get(0);
        StructType schema = SparkTestData.featureSchema();
        StructType named = new StructType(java.util.Arrays.stream(schema.fields()).map(f -> f.name().equals(
                UtteranceColumns.SPEAKER) ? f.copy(f.name(), DataTypes.StringType, true, f.metadata()) : f)
                .toArray(org.apache.spark.sql.types.StructField[]::new));
        // the parties swapped and named: the first to speak becomes party 0 whatever its index was
        int first = d.utterance(0).speaker();
        List<Row> rows = new ArrayList<>();
        List<Utterance> renumbered = new ArrayList<>();
        for (Row r : SparkTestData.rows(List.of(d))) {
            int s = r.getInt(2);
            Object[] v = new Object[r.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(i);
            }
            v[2] = s == first ? "Kim" : "Lee";
            rows.add(RowFactory.create(v));
        }
        for (Utterance u : d.utterances()) {
            renumbered.add(new Utterance(u.speaker() == first ? 0 : 1, u.label(), u.features(), u.text()));
        }
        List<Prediction> want = model.predict(new Dialogue(d.id(), renumbered));
        Map<String, Row> got = byTurn(predictor.transform(spark.createDataFrame(rows, named)));
        for (int i = 0; i < d.size(); i++) {
            double p = got.get(d.id() + "#" + 10 * (i + 1)).getAs(UtteranceColumns.probability(want.get(i).name()));
            assertEquals(want.get(i).probability(want.get(i).label()), p, 1e-6);
        }
    }

    @Test
    void unusableDialoguesKeepTheirRowsWithTheReason() {
        List<Dialogue> test = SparkTestData.data(new int[] {0, 0, 7}, 4).split(Split.TEST);
        List<Row> rows = new ArrayList<>(SparkTestData.rows(test));
        String[] ids = test.stream().map(Dialogue::id).toArray(String[]::new);
        Map<String, String> want = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Object[] v = new Object[r.length()];
            for (int k = 0; k < v.length; k++) {
                v[k] = r.get(k);
            }
            String id = r.getString(0);
            int turn = r.getInt(1);
            if (id.equals(ids[0]) && turn == 20) {
                @SuppressWarnings("unchecked")
                List<Float> audio = new ArrayList<>((List<Float>) r.get(4));
                audio.set(7, Float.NaN);
                v[4] = audio;
                want.put(id, "turn 20, features_audio[7]: NaN is not a finite number");
            } else if (id.equals(ids[1]) && turn == 30) {
                v[1] = 20;
                want.put(id, "turn 20: the turn occurs twice");
            } else if (id.equals(ids[2]) && turn == 10) {
                v[2] = null;
                want.put(id, "turn 10: no speaker");
            } else if (id.equals(ids[3]) && turn == 10) {
                v[3] = SparkTestData.list(new float[99]);
                want.put(id, "utterance 0: text features of dimension 99, the model needs 100");
            } else if (id.equals(ids[4]) && turn == 10) {
                v[2] = 5;
                want.put(id, "utterance 0: speaker 5, the model knows 2");
            } else if (id.equals(ids[5]) && turn == 10) {
                v[0] = null;
            } else if (id.equals(ids[6]) && turn == 30) {
                @SuppressWarnings("unchecked")
                List<Float> visual = new ArrayList<>((List<Float>) r.get(5));
                visual.set(3, null);
                v[5] = visual;
                want.put(id, "turn 30, features_visual[3]: null is not a finite number");
            }
            rows.set(i, RowFactory.create(v));
        }
        Dataset<Row> out = predictor.transform(spark.createDataFrame(rows, SparkTestData.featureSchema()));
        List<Row> all = out.collectAsList();
        assertEquals(rows.size(), all.size(), "no row is dropped");
        List<Row> rejected = EmotionPredictor.rejected(out).collectAsList();
        int predicted = 0;
        for (Row r : all) {
            String id = r.getAs(UtteranceColumns.DIALOGUE_ID);
            String error = r.getAs(UtteranceColumns.ERROR);
            if (id == null) {
                assertEquals("no dialogue_id", error);
            } else if (want.containsKey(id)) {
                assertTrue(error != null && error.startsWith("dialogue " + id + ", "), error);
                assertTrue(error.contains(want.get(id)), error + " should say " + want.get(id));
                assertNull(r.getAs(UtteranceColumns.EMOTION));
                assertNull(r.getAs(UtteranceColumns.probability("happy")));
            } else {
                assertNull(error, id);
                predicted++;
            }
        }
        assertEquals(all.size() - predicted, rejected.size());
        long lastDialogueRows = rows.stream().filter(r -> ids[5].equals(r.getString(0))).count();
        assertEquals(test.get(5).size() - 1, lastDialogueRows);
        assertEquals(lastDialogueRows, predicted, "only the dialogue that lost a row's id is predicted (without it)");
    }

    @Test
    void inputRowsComeOutAsTheyCameWhateverTheColumnTypes() {
        List<Dialogue> test = SparkTestData.data(new int[] {0, 0, 5}, 11).split(Split.TEST);
        Dataset<Row> in = spark.createDataFrame(SparkTestData.rows(test), SparkTestData.featureSchema())
                .withColumn(UtteranceColumns.TURN, org.apache.spark.sql.functions.col(UtteranceColumns.TURN)
                        .cast("long"))
                .withColumn(UtteranceColumns.SPEAKER, org.apache.spark.sql.functions.col(UtteranceColumns.SPEAKER)
                        .cast("short").cast("long"))
                .withColumn("features_audio", org.apache.spark.sql.functions.col("features_audio")
                        .cast("array<double>"))
                .withColumn("note", org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("n"),
                        org.apache.spark.sql.functions.col(UtteranceColumns.TURN)))
                .withColumn("tags", org.apache.spark.sql.functions.array(org.apache.spark.sql.functions.lit("a"),
                        org.apache.spark.sql.functions.lit(null).cast("string")));
        Map<String, Row> got = byTurn(predictor.transform(in));
        Map<String, Row> sent = byTurn(in);
        assertEquals(sent.size(), got.size());
        for (Dialogue d : test) {
            List<Prediction> want = model.predict(d);
            for (int i = 0; i < d.size(); i++) {
                String key = d.id() + "#" + 10 * (i + 1);
                Row r = got.get(key);
                Row original = sent.get(key);
                for (int c = 0; c < original.length(); c++) {
                    assertEquals(original.get(c), r.get(c), key + " column " + in.columns()[c]);
                }
                assertNull(r.getAs(UtteranceColumns.ERROR), key);
                for (int c = 0; c < model.labels().size(); c++) {
                    double p = r.getAs(UtteranceColumns.probability(model.labels().name(c)));
                    assertEquals(want.get(i).probability(c), p, 1e-6, key + " class " + c);
                }
            }
        }
    }

    @Test
    void byDefaultTheDialoguesAreSpreadOverSparksShufflePartitionsWhateverTheirSize() throws IOException {
        String old = spark.conf().get("spark.sql.shuffle.partitions");
        spark.conf().set("spark.sql.shuffle.partitions", "5");
        try {
            // a few KB of rows: adaptive execution would merge them into one partition, one core
            List<Dialogue> test = SparkTestData.data(new int[] {0, 0, 6}, 13).split(Split.TEST);
            Dataset<Row> out = EmotionPredictor.load(spark, dir.resolve("m.erc"))
                    .transform(spark.createDataFrame(SparkTestData.rows(test), SparkTestData.featureSchema()));
            assertEquals(5, out.javaRDD().getNumPartitions());
            assertEquals(test.stream().mapToInt(Dialogue::size).sum(), EmotionPredictor.predicted(out).count());
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", old);
        }
    }

    @Test
    void aMissingOrMistypedColumnFailsBeforeAnythingRuns() {
        StructType schema = SparkTestData.featureSchema();
        Dataset<Row> noAudio = spark.createDataFrame(List.of(), schema).drop(UtteranceColumns.features(
                dev.erc.api.Modality.AUDIO));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predictor.transform(noAudio));
        assertTrue(e.getMessage().contains("'features_audio'"), e.getMessage());
        Dataset<Row> textTurn = spark.createDataFrame(List.of(), schema).withColumn(UtteranceColumns.TURN,
                org.apache.spark.sql.functions.lit("1"));
        e = assertThrows(IllegalArgumentException.class, () -> predictor.transform(textTurn));
        assertTrue(e.getMessage().contains("'turn' must be integer or long, found string"), e.getMessage());
        Dataset<Row> gold = spark.createDataFrame(List.of(), schema).withColumn(UtteranceColumns.EMOTION,
                org.apache.spark.sql.functions.lit("sad"));
        e = assertThrows(IllegalArgumentException.class, () -> predictor.transform(gold));
        assertTrue(e.getMessage().contains("has a column 'emotion'"), e.getMessage());
    }
}
