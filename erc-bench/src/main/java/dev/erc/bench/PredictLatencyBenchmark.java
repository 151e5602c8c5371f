package dev.erc.bench;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an application serving predictions pays (issue #14): the latency of {@code predict} on one 50-utterance
 * dialogue (synthetic IEMOCAP features at the real sizes: text 100, audio 1582, visual 342) with a loaded
 * IEMOCAP-preset model, and the time to load that model from its file. The model is trained briefly first (1 + 1
 * epochs; speed does not depend on the weights), saved, and loaded back. {@code bench/latency.sh} runs it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class PredictLatencyBenchmark {

    private Path file;
    private PmfErc model;
    private Dialogue dialogue;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Dataset data = SyntheticDataset.iemocap(2024);
        PmfErc trained = PmfErc.builder(Preset.IEMOCAP).config(Preset.IEMOCAP.config().withEpochs(1, 1)).seed(1)
                .build();
        trained.fit(data.split(Split.TRAIN), data.split(Split.VALID));
        file = Files.createTempFile("erc-latency", ".erc");
        trained.save(file);
        model = PmfErc.load(file);
        // 50 utterances: the test dialogues' utterances in order, as one conversation
        List<Utterance> us = new ArrayList<>();
        for (Dialogue d : data.split(Split.TEST)) {
            for (Utterance u : d.utterances()) {
                if (us.size() < 50) {
                    us.add(u);
                }
            }
        }
        dialogue = new Dialogue("latency", us);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** One dialogue of 50 utterances through the whole model (stage 1's three pairs, MFF, MAL). */
    @Benchmark
    public List<Prediction> predict50() {
        return model.predict(dialogue);
    }

    /** Reading and checking the model file and building the model from it. */
    @Benchmark
    public PmfErc load() throws IOException {
        return PmfErc.load(file);
    }
}
