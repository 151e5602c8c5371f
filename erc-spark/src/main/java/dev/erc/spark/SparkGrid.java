package dev.erc.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * A grid of independent runs (a paper table's rows x seeds) as Spark tasks: one task per run, the data they share
 * broadcast once to every executor, the results collected in the order of the runs.
 *
 * <pre>{@code
 * List<Integer> seeds = List.of(1, 2, 3, 4, 5);
 * List<Double> f1 = SparkGrid.run(spark, dataset, seeds, (data, seed) -> trainAndScore(data, seed));
 * }</pre>
 */
public final class SparkGrid {

    private SparkGrid() {
    }

    /**
     * Runs {@code body(shared, run)} for every run, each as its own task (so as many run at once as the cluster has
     * cores), and returns the results in the order of {@code runs}. A failing run fails the grid with its cause.
     */
    public static <S extends Serializable, T extends Serializable, R extends Serializable> List<R> run(
            SparkSession spark, S shared, List<T> runs, Function2<S, T, R> body) {
        if (runs.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<S> data = jsc.broadcast(shared);
        try {
            return jsc.parallelize(runs, runs.size()).map(run -> body.call(data.value(), run)).collect();
        } finally {
            data.destroy();
        }
    }
}
