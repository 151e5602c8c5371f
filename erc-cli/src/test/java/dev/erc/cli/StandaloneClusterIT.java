package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.Dialogue;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a real Spark standalone cluster on this machine: a master and two worker JVMs on loopback,
 * started from the Spark jars, each worker launching its own executor JVM, which loads the command's jar shipped by
 * the driver. Serialization, class loading and the executors' JVM flags are exercised as on a real cluster.
 */
class StandaloneClusterIT {

    private static final Path JAR = Path.of(System.getProperty("erc.cli.jar", "target/erc-cli.jar"));
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @TempDir
    static Path dir;
    static Path sparkHome;
    static String master;
    static final List<Process> CLUSTER = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        sparkHome = dir.resolve("spark-home");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        // a Spark installation made of the Spark jars this build resolved (the test class path less our own)
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (name.endsWith(".jar") && !entry.contains("/dev/erc/") && !name.startsWith("slf4j-nop")
                    && !name.startsWith("junit-") && !name.startsWith("opentest4j") && !name.startsWith("erc-")) {
                Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
            }
        }
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark 4.2.0 (jars of the erc build)\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        Process m = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", "0");
        waitFor(dir.resolve("master.log"), "I have been elected leader", 1, m);
        for (int w = 1; w <= 2; w++) {
            start("worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "2g", "--webui-port", "0", "--work-dir",
                    Files.createDirectories(dir.resolve("work" + w)).toString(), master);
        }
        waitFor(dir.resolve("master.log"), "Registering worker", 2, m);
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : CLUSTER) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : CLUSTER) {
            try {
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static List<String> sparkJvm() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(Files.readAllLines(Path.of("..", "bin", "spark-jvm-options")));
        return cmd;
    }

    private static Process start(String name, String main, String... args) throws IOException {
        List<String> cmd = sparkJvm();
        cmd.addAll(List.of("-Xmx256m", "-cp", sparkHome.resolve("jars") + File.separator + "*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        environment(pb);
        Process p = pb.start();
        CLUSTER.add(p);
        return p;
    }

    private static void environment(ProcessBuilder pb) {
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("JAVA_HOME", Path.of(JAVA).getParent().getParent().toString());
    }

    private static void waitFor(Path log, String line, int times, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains(line)).count() >= times) {
                return;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the cluster did not start: no '" + line + "' in " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    /** Runs the command's jar as its own driver JVM, with Spark's jars, on the cluster; returns its output. */
    private static CliRun driver(String... args) throws Exception {
        List<String> cmd = sparkJvm();
        cmd.addAll(List.of("-Xmx1g", "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider", "-cp",
                JAR.toAbsolutePath() + File.pathSeparator + sparkHome.resolve("jars") + File.separator + "*",
                "dev.erc.cli.Erc"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static CliRun run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment(pb);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("the driver did not finish in 8 minutes: " + Files.readString(err));
        }
        return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void batchPredictionOnTheClusterGivesWhatPredictGivesOneByOne() throws Exception {
        Path model = CliRun.tinyModel(dir.resolve("m.erc"));
        List<Dialogue> dialogues = SparkBatchData.dialogues(16, 41);
        Path input = SparkBatchData.table(dialogues, dir.resolve("calls.jsonl"));
        Path out = dir.resolve("predicted");
        CliRun r = driver("predict-batch", "--spark", master, "--model", model.toString(), "--input",
                input.toString(), "--output", out.toString(), "--format", "json", "--partitions", "4");
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> got = SparkBatchData.rows(out.resolve("predictions"));
        assertEquals(dialogues.stream().mapToInt(Dialogue::size).sum(), got.size());
        PredictBatchCommandTest.assertSameAsPredictOneByOne(model, dialogues, got, dir);
        // both workers ran an executor for the application, with the Vector API (else it computes other bits)
        for (int w = 1; w <= 2; w++) {
            try (Stream<Path> files = Files.walk(dir.resolve("work" + w))) {
                List<Path> logs = files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
                assertTrue(!logs.isEmpty(), "worker " + w + " launched no executor");
                String log = Files.readString(logs.get(0));
                assertTrue(log.contains("Spark Executor Command:") && log.contains("--add-modules=jdk.incubator.vector"),
                        log.lines().limit(3).toList().toString());
            }
        }
    }

    @Test
    void aGridOnTheClusterGivesTheNumbersOfTheSameRunsMadeLocally() throws Exception {
        Path data = SparkBatchData.dataset(dir.resolve("tiny.jsonl"));
        String[] common = {"reproduce", "--data", data.toString(), "--table", "2", "--seeds", "2", "--epochs", "2,2",
            "--quiet"};
        CliRun local = CliRun.of(concat(common, "--out", dir.resolve("local").toString()));
        assertEquals(0, local.code(), local.err());
        CliRun cluster = driver(concat(common, "--spark", master, "--out", dir.resolve("cluster").toString()));
        assertEquals(0, cluster.code(), cluster.err());
        assertTrue(cluster.err().contains("12 runs as Spark tasks on " + master), cluster.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode a = withoutTimes(json.readTree(dir.resolve("local/report.json").toFile()));
        JsonNode b = withoutTimes(json.readTree(dir.resolve("cluster/report.json").toFile()));
        assertEquals(a, b);
        assertEquals(Files.readString(dir.resolve("local/report.md")), Files.readString(dir.resolve(
                "cluster/report.md")));
        assertTrue(Files.size(dir.resolve("cluster/tsne.png")) > 0);
    }

    @Test
    void withoutSparkTheCommandSaysWhatItNeeds() throws Exception {
        CliRun r = run(List.of(JAVA, "--add-modules=jdk.incubator.vector", "-jar", JAR.toString(), "predict-batch",
                "--model", "m.erc", "--input", "in.parquet", "--output", dir.resolve("none").toString()));
        assertEquals(Erc.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("\nApache Spark 4.2 is not on the class path: set SPARK_HOME"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The report less its wall times, which differ between any two runs. */
    private static JsonNode withoutTimes(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("seconds");
            o.properties().forEach(e -> withoutTimes(e.getValue()));
        } else if (n.isArray()) {
            n.forEach(StandaloneClusterIT::withoutTimes);
        }
        return n;
    }
}
