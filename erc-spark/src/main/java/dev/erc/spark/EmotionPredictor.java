package dev.erc.spark;

import dev.erc.model.PmfErc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;

/**
 * Batch emotion prediction as a Spark transformation: a table of utterances ({@link UtteranceColumns}) in, the same
 * rows with {@code emotion}, one {@code p_<label>} probability per class and {@code error} out.
 *
 * <p>Rows are grouped by {@code dialogue_id} and ordered by {@code turn}; each partition predicts a batch of
 * dialogues at a time, encoding their text (for a model trained on text) with the model's bundled utterance encoder.
 * The model file is broadcast to the executors and loaded once per executor JVM.
 * A dialogue that cannot be used (no text, a repeated turn, a speaker missing, features of the wrong size or not
 * finite, more parties than the model knows) keeps its rows, with null predictions and the reason in {@code error}:
 * nothing is dropped.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[*]").getOrCreate();
 * Dataset<Row> utterances = spark.read().parquet("calls.parquet");     // dialogue_id, turn, speaker, text
 * Dataset<Row> out = EmotionPredictor.load(spark, Path.of("iemocap-text.erc")).transform(utterances);
 * out.filter("error is null").select("dialogue_id", "turn", "emotion").show();
 * EmotionPredictor.rejected(out).show();                              // rows that could not be used, and why
 * }</pre>
 *
 * <p>The predictions are those of {@link PmfErc#predict} on each dialogue alone: the same probabilities as the
 * model gives in one JVM.
 */
public final class EmotionPredictor {

    private final PmfErc model;
    private final String shippedName;
    private final Broadcast<byte[]> shipped;
    private int batchDialogues = 64;
    private int partitions;

    private EmotionPredictor(PmfErc model, String shippedName, Broadcast<byte[]> shipped) {
        this.shipped = shipped;
        this.model = model;
        this.shippedName = shippedName;
    }

    /**
     * Loads the model on the driver (a damaged file fails here, naming it) and ships it to the executors.
     *
     * @throws IOException when the model file cannot be read or is not a model
     */
    public static EmotionPredictor load(SparkSession spark, Path modelFile) throws IOException {
        PmfErc model = PmfErc.load(modelFile);
        byte[] bytes = Files.readAllBytes(modelFile);
        // named by its content's hash: two models never share a name, so executors keep each loaded once
        String name = "erc-model-" + sha256(bytes).substring(0, 16);
        Broadcast<byte[]> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
        return new EmotionPredictor(model, name, shipped);
    }

    /** Dialogues predicted together in a partition (their texts encoded together); default 64. */
    public EmotionPredictor batchDialogues(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batchDialogues must be >= 1, got " + n);
        }
        this.batchDialogues = n;
        return this;
    }

    /** Partitions the utterances are grouped into by dialogue; default: {@code spark.sql.shuffle.partitions}. */
    public EmotionPredictor partitions(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + n);
        }
        this.partitions = n;
        return this;
    }

    /** The model, as loaded on the driver. */
    public PmfErc model() {
        return model;
    }

    /**
     * The rows of {@code utterances} with their predictions. The shuffle that groups the rows by dialogue runs when
     * this is called (as {@code Dataset.rdd()} runs it under adaptive query execution, Spark's default); the
     * predictions are computed when an action reads the result: persist it when more than one action does, or each
     * predicts again.
     *
     * @throws IllegalArgumentException when a column the model needs is missing or of the wrong type, or an output
     *     column's name is taken
     */
    public Dataset<Row> transform(Dataset<Row> utterances) {
        var session = CatalystRows.classic(utterances.sparkSession());
        InputPlan plan = InputPlan.of(utterances.schema(), model);
        UtteranceColumns.checkFree(utterances.schema(), model.labels());
        RDD<InternalRow> grouped = CatalystRows.of(byDialogue(utterances, partitions));
        RDD<InternalRow> predicted = grouped.toJavaRDD()
                .mapPartitions(new PartitionPredictor(shippedName, shipped, plan, batchDialogues)).rdd();
        return CatalystRows.table(session, predicted,
                UtteranceColumns.output(utterances.schema(), model.labels()));
    }

    /**
     * The rows as {@link #transform} hands them to the model: hash-partitioned by {@code dialogue_id} into
     * {@code partitions} partitions ({@code 0}: {@code spark.sql.shuffle.partitions}), each sorted by dialogue, then
     * turn, so that a dialogue's utterances arrive together and in order.
     *
     * <p>The count is always given to Spark, so adaptive execution does not merge partitions by their size in bytes:
     * a row's cost here is its prediction, not its size (a table of short texts would otherwise shrink to a partition
     * or two and leave the other cores idle).
     */
    public static Dataset<Row> byDialogue(Dataset<Row> utterances, int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0 (0: Spark's default), got " + partitions);
        }
        int n = partitions > 0 ? partitions
                : Integer.parseInt(utterances.sparkSession().conf().get("spark.sql.shuffle.partitions"));
        Column id = functions.col(UtteranceColumns.DIALOGUE_ID);
        return utterances.repartition(n, id).sortWithinPartitions(id, functions.col(UtteranceColumns.TURN));
    }

    /** The rows of a {@link #transform} output that were rejected, with the reason in {@code error}. */
    public static Dataset<Row> rejected(Dataset<Row> predictions) {
        return predictions.filter(functions.col(UtteranceColumns.ERROR).isNotNull());
    }

    /** The rows of a {@link #transform} output that were predicted. */
    public static Dataset<Row> predicted(Dataset<Row> predictions) {
        return predictions.filter(functions.col(UtteranceColumns.ERROR).isNull());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
