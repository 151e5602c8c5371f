package dev.erc.cli;

import dev.erc.spark.EmotionPredictor;
import dev.erc.spark.UtteranceColumns;
import dev.erc.spark.UtteranceTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;

/** The Spark side of {@code erc predict-batch}, loaded only once Spark is known to be on the class path. */
final class SparkBatch {

    private SparkBatch() {
    }

    static int run(PredictBatchCommand c, String master) throws IOException {
        UtteranceTables.Format in;
        UtteranceTables.Format out;
        boolean localIn = !PredictBatchCommand.isUri(c.input);
        if (localIn && !Files.exists(Path.of(c.input))) {
            System.err.println("erc predict-batch: " + c.input + ": no such file or folder");
            return Erc.BAD_DATA;
        }
        try {
            out = UtteranceTables.Format.of(c.format);
            in = c.inputFormat != null ? UtteranceTables.Format.of(c.inputFormat)
                    : localIn ? UtteranceTables.guess(Path.of(c.input)) : UtteranceTables.guess(c.input);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(c.spec.commandLine(), e.getMessage());
        }
        SparkSession spark = SparkRuns.session(master, "erc predict-batch");
        // on a local (or shared) file system both tables are written into a hidden folder first and moved into place
        // together, so a failed run leaves no output folder; a URI's store gets Spark's own commit per table
        Path local = PredictBatchCommand.isUri(c.output) ? null : Path.of(c.output).toAbsolutePath();
        Path staging = local == null ? null : local.resolveSibling("." + local.getFileName() + ".incomplete");
        String target = local == null ? c.output.replaceAll("/+$", "") : staging.toString();
        try {
            EmotionPredictor p = EmotionPredictor.load(spark, c.model).batchDialogues(c.batch);
            if (c.partitions != null) {
                p.partitions(c.partitions);
            }
            Dataset<Row> predictions;
            try {
                predictions = p.transform(UtteranceTables.read(spark, c.input, in));
            } catch (IllegalArgumentException e) {
                System.err.println("erc predict-batch: " + c.input + ": " + e.getMessage());
                return Erc.BAD_DATA;
            }
            predictions.persist(StorageLevel.MEMORY_AND_DISK());
            delete(staging);
            try {
                UtteranceTables.write(EmotionPredictor.predicted(predictions), target + "/predictions", out);
                UtteranceTables.write(EmotionPredictor.rejected(predictions), target + "/rejected", out);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(c.spec.commandLine(), "--format " + c.format + ": "
                        + e.getMessage());
            }
            long total = predictions.count();
            Dataset<Row> rejected = EmotionPredictor.rejected(predictions);
            long bad = rejected.count();
            long badDialogues = rejected.select(UtteranceColumns.DIALOGUE_ID).distinct().count();
            if (local != null) {
                Files.move(staging, local);
            }
            System.out.printf("%d utterances: %d predicted (%s/predictions), %d rejected in %d dialogues "
                    + "(%s/rejected, reason in its error column)%n", total, total - bad, c.output, bad, badDialogues,
                    c.output);
            return 0;
        } finally {
            delete(staging);
            spark.stop();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
