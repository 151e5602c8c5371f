package dev.erc.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session for an application that runs this library on executors: what the executors need is set unless the
 * caller set it already.
 *
 * <ul>
 *   <li>{@code spark.executor.extraJavaOptions} gains {@link #EXECUTOR_JAVA_OPTIONS}: without the Vector API module
 *       an executor would compute on the scalar backend, slower and with other bits than the driver.</li>
 *   <li>{@code spark.jars} gains the jar this library was loaded from, when it was loaded from a jar (a fat jar
 *       such as the command line's carries every dependency), so executors that were not started with it can load
 *       it.</li>
 * </ul>
 */
public final class SparkSessions {

    /** The JVM options every executor JVM running this library needs. */
    public static final String EXECUTOR_JAVA_OPTIONS = "--add-modules=jdk.incubator.vector "
            + "--enable-native-access=ALL-UNNAMED";

    private SparkSessions() {
    }

    /** A session on {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}) named {@code appName}. */
    public static SparkSession start(String master, String appName) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName(appName);
        configure(conf);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** Adds what executors need to {@code conf} (see the class comment). */
    public static SparkConf configure(SparkConf conf) {
        String opts = conf.get("spark.executor.extraJavaOptions", "");
        if (!opts.contains("jdk.incubator.vector")) {
            conf.set("spark.executor.extraJavaOptions", (opts + " " + EXECUTOR_JAVA_OPTIONS).strip());
        }
        Path jar = ownJar();
        if (jar != null) {
            List<String> jars = new ArrayList<>(List.of(conf.get("spark.jars", "").split(",")));
            jars.removeIf(String::isBlank);
            if (jars.stream().noneMatch(j -> j.endsWith(jar.getFileName().toString()))) {
                jars.add(jar.toString());
                conf.set("spark.jars", String.join(",", jars));
            }
        }
        return conf;
    }

    /** The jar this class was loaded from, or null (a classes folder, as in tests). */
    static Path ownJar() {
        try {
            var source = SparkSessions.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
