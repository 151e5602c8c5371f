package dev.erc.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;

/**
 * Utterance tables ({@link UtteranceColumns}) in files: Parquet, CSV (with a header; text only, as CSV holds no
 * arrays) or JSON Lines, one file or a folder of them (as Spark writes them).
 */
public final class UtteranceTables {

    /** A file format Spark reads and writes. */
    public enum Format {
        PARQUET, CSV, JSON;

        /** {@code parquet}, {@code csv} or {@code json} (case-insensitive). */
        public static Format of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the format must be parquet, csv or json, got " + name);
            }
        }
    }

    private UtteranceTables() {
    }

    /**
     * The format of a local file or folder, from its name or (a folder) its data files' names: {@code .parquet},
     * {@code .csv}, {@code .json}, {@code .jsonl}, {@code .ndjson}.
     *
     * @throws IllegalArgumentException when it does not exist or its name does not say
     */
    public static Format guess(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder");
        }
        Format f = byName(path.getFileName().toString());
        if (f == null && Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                f = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_") && !n.startsWith("."))
                        .map(UtteranceTables::byName).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            } catch (IOException e) {
                throw new IllegalArgumentException(path + ": cannot list the folder: " + e.getMessage(), e);
            }
        }
        if (f == null) {
            throw new IllegalArgumentException(path + ": cannot tell its format from its name (.parquet, .csv, "
                    + ".json, .jsonl): name it");
        }
        return f;
    }

    /** The format of a table named by a URI (hdfs://.../calls.parquet), from its name. */
    public static Format guess(String uri) {
        String trimmed = uri.replaceAll("/+$", "");
        Format f = byName(trimmed.substring(trimmed.lastIndexOf('/') + 1));
        if (f == null) {
            throw new IllegalArgumentException(uri + ": cannot tell its format from its name (.parquet, .csv, "
                    + ".json, .jsonl): name it");
        }
        return f;
    }

    private static Format byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String[] parts = n.split("\\.");
        String ext = parts.length > 1 ? parts[parts.length - 1] : "";
        // Spark's own part files: part-00000-....snappy.parquet, part-00000-....json
        return switch (ext) {
            case "parquet" -> Format.PARQUET;
            case "csv" -> Format.CSV;
            case "json", "jsonl", "ndjson" -> Format.JSON;
            default -> null;
        };
    }

    /**
     * Reads a table. CSV is read with a header and {@link UtteranceColumns#textSchema()}: a value that does not fit
     * (a turn that is not a number) becomes null, and its dialogue is rejected by the predictor, not dropped.
     */
    public static Dataset<Row> read(SparkSession spark, String path, Format format) {
        return switch (format) {
            case PARQUET -> spark.read().parquet(path);
            case JSON -> spark.read().json(path);
            case CSV -> spark.read().option("header", true).option("multiLine", true).option("escape", "\"")
                    .schema(UtteranceColumns.textSchema()).csv(path);
        };
    }

    /**
     * Writes {@code table} to {@code path}, which must not exist yet; Spark commits the files of a write only when it
     * succeeds, so a failed write leaves no partial table.
     *
     * @throws IllegalArgumentException for CSV when the table holds arrays (features), which CSV cannot
     */
    public static void write(Dataset<Row> table, String path, Format format) {
        var writer = table.write().mode(SaveMode.ErrorIfExists);
        switch (format) {
            case PARQUET -> writer.parquet(path);
            case JSON -> writer.json(path);
            case CSV -> {
                String[] arrays = Arrays.stream(table.schema().fields()).filter(f -> f.dataType() instanceof ArrayType)
                        .map(f -> f.name()).toArray(String[]::new);
                if (arrays.length > 0) {
                    throw new IllegalArgumentException("CSV cannot hold the array columns " + String.join(", ", arrays)
                            + ": write parquet or json");
                }
                writer.option("header", true).option("escape", "\"").csv(path);
            }
        }
    }
}
