package dev.erc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The two copies of Spark's JVM options agree, and a session's executors get the Vector API module. */
class SparkJvmOptionsTest {

    @Test
    void theTestJvmRunsWithTheOptionsTheErcScriptUses() throws IOException {
        // bin/spark-jvm-options (./erc, the cluster test) and the pom's erc.spark.jvm.args (these tests) are one list
        List<String> file = Files.readAllLines(Path.of("..", "bin", "spark-jvm-options")).stream()
                .filter(l -> !l.isBlank()).toList();
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(file.size() > 10, file.toString());
        for (String option : file) {
            assertTrue(jvm.contains(option), option + " is in bin/spark-jvm-options but not in the pom's list");
        }
        long fromPom = jvm.stream().filter(a -> a.startsWith("--add-opens=") || a.startsWith("-Dio.netty")).count();
        assertEquals(file.stream().filter(a -> a.startsWith("--add-opens=") || a.startsWith("-Dio.netty")).count(),
                fromPom, "the pom's list has options the file lacks");
    }

    @Test
    void executorsGetTheVectorModuleAddedToWhatTheUserSet() {
        SparkConf conf = SparkSessions.configure(new SparkConf(false)
                .set("spark.executor.extraJavaOptions", "-Xss4m"));
        assertEquals("-Xss4m " + SparkSessions.EXECUTOR_JAVA_OPTIONS, conf.get("spark.executor.extraJavaOptions"));
        SparkConf already = SparkSessions.configure(new SparkConf(false)
                .set("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector"));
        assertEquals("--add-modules=jdk.incubator.vector", already.get("spark.executor.extraJavaOptions"));
    }
}
