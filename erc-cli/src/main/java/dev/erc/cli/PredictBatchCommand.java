package dev.erc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code erc predict-batch}: the emotions of a whole table of utterances on Apache Spark, for people who do not write
 * Spark code. Reads Parquet, CSV or JSON Lines (the columns of {@code dev.erc.spark.UtteranceColumns}), writes the
 * predicted rows to {@code OUTPUT/predictions} and the rejected ones, with the reason, to {@code OUTPUT/rejected}.
 */
@Command(name = "predict-batch", mixinStandardHelpOptions = true,
        description = {"Predicts the emotion of every utterance of a table of conversations on Apache Spark and "
                + "writes OUTPUT/predictions (the rows with emotion and p_<label> columns) and OUTPUT/rejected (rows "
                + "that could not be used, with the reason in their error column).",
                "Input columns: dialogue_id (string), turn (integer), speaker (name or index), then text (for a model "
                + "trained on text) or features_text / features_audio / features_visual (arrays of numbers). CSV "
                + "files have a header and text only.",
                "Needs Spark 4.2 on the class path (SPARK_HOME)."})
final class PredictBatchCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model written by erc train")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "the utterances: a .parquet, .csv or .json/.jsonl file, or a folder of them; a local path "
                    + "or a URI Spark reads (hdfs://, s3a://, file://)")
    String input;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "parquet, csv or json (default: from the input's name)")
    String inputFormat;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "a folder that does not exist yet: a local path (on a cluster, one every executor sees) or "
                    + "a URI")
    String output;

    @Option(names = "--format", defaultValue = "parquet",
            description = "parquet, json or csv (csv only when the input has no feature arrays; default "
                    + "${DEFAULT-VALUE})")
    String format;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "the Spark master: local[N], spark://host:port, yarn, ... (default: spark-submit's "
                    + "--master, else local[*])")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions the dialogues are spread over (default: spark.sql.shuffle.partitions)")
    Integer partitions;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "dialogues predicted together in a task, their texts encoded together (default "
                    + "${DEFAULT-VALUE})")
    int batch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SparkRuns.require(spec);
        if (batch < 1 || partitions != null && partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch and --partitions must be >= 1");
        }
        if (!isUri(output)) {
            Path out = Path.of(output);
            if (Files.exists(out)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + " exists: name a "
                        + "folder that does not exist yet");
            }
            dev.erc.api.internal.AtomicFiles.checkWritableFolder(out.toAbsolutePath().getParent());
        }
        return SparkBatch.run(this, master != null ? master : System.getProperty("spark.master", "local[*]"));
    }

    /** A path with a scheme (hdfs://, s3a://, file://): left to Spark, not checked on this machine. */
    static boolean isUri(String path) {
        return path.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
    }
}
