package dev.erc.cli;

import dev.erc.spark.SparkGrid;
import dev.erc.spark.SparkSessions;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * The command line's runs on Apache Spark. Spark is not part of the command's jar: it comes from
 * {@code $SPARK_HOME/jars} (which {@code ./erc} adds) or from {@code spark-submit}. This class is the only one that
 * names Spark's types for {@code reproduce}, and is loaded only after {@link #require} found Spark.
 */
final class SparkRuns {

    private SparkRuns() {
    }

    /** A usage error unless Spark is on the class path. */
    static void require(CommandLine.Model.CommandSpec spec) {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkRuns.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Apache Spark 4.2 is not on the class path: "
                    + "set SPARK_HOME to a Spark 4.2 installation (./erc then adds its jars), or run the "
                    + "erc-cli jar with spark-submit");
        }
    }

    /**
     * A session for a command: Spark's own log kept to warnings (the command reports its progress itself) unless
     * {@code spark.log.level} says otherwise.
     */
    static SparkSession session(String master, String appName) {
        if (System.getProperty("spark.log.level") == null) {
            System.setProperty("spark.log.level", "WARN");
        }
        return SparkSessions.start(master, appName);
    }

    /** Runs every (row, seed) of a grid as one Spark task on {@code master}; outcomes in the order of runs. */
    static List<GridRun.Outcome> grid(String master, GridRun.Data data, List<GridRun> runs) {
        SparkSession spark = session(master, "erc reproduce");
        try {
            return SparkGrid.run(spark, data, runs, (d, r) -> r.run(d, null));
        } finally {
            spark.stop();
        }
    }
}
