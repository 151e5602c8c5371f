package dev.erc.spark;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * A table as Spark's internal rows and back: the one place the library leans on Spark internals (written against
 * Spark 4.2, classic sessions).
 *
 * <p>Why: a {@code mapPartitions} over {@code Row}s converts every feature vector into an array of boxed numbers on
 * the way in and back on the way out; on MELD-sized feature rows (1,242 floats) that conversion cost more than the
 * shuffle that groups the dialogues (docs/PERFORMANCE.md, "Batch prediction on Spark"). Internal rows let the
 * predictor copy a vector out of the row's bytes and pass the input row through untouched.
 */
final class CatalystRows {

    private CatalystRows() {
    }

    /**
     * The rows of {@code table}. With adaptive query execution (Spark's default) this runs the shuffle stages of the
     * table's plan now, as {@code Dataset.rdd()} does; what follows them runs when the rows are read.
     */
    static RDD<InternalRow> of(Dataset<Row> table) {
        return table.queryExecution().toRdd();
    }

    /** {@code spark} as the classic session that can make tables of internal rows; fails for Spark Connect. */
    static org.apache.spark.sql.classic.SparkSession classic(SparkSession spark) {
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession classic)) {
            throw new UnsupportedOperationException("batch prediction needs a classic Spark session (not Spark "
                    + "Connect): it runs code on the executors");
        }
        return classic;
    }

    /** A table of {@code schema} over {@code rows}, whose values must be of the types the schema gives. */
    static Dataset<Row> table(org.apache.spark.sql.classic.SparkSession spark, RDD<InternalRow> rows,
                              StructType schema) {
        return spark.internalCreateDataFrame(rows, schema, false);
    }
}
