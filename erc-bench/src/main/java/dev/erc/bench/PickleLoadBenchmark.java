package dev.erc.bench;

import dev.erc.api.Dataset;
import dev.erc.data.DataFiles;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a full-size IEMOCAP_features.pkl (151 dialogues, 7433 utterances x 2024 floats, Python-2 protocol 2, as
 * the distributed file) in a JVM limited to 1 GB of heap: each iteration is one cold-ish load, timed once.
 * {@code bench/load.sh} writes the file with {@code tools/make_data_fixtures.py fullsize} and runs this.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g", "--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class PickleLoadBenchmark {

    @Param({"bench/out/IEMOCAP_features_fullsize.pkl"})
    public String file;

    @Benchmark
    public Dataset load() throws Exception {
        return DataFiles.load(Path.of(file));
    }
}
