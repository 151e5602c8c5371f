package dev.erc.bench;

import dev.erc.compute.autograd.Tensor;
import dev.erc.model.nn.Gru;
import dev.erc.model.nn.Lstm;
import dev.erc.model.nn.RnnOutput;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and backward of a bidirectional single-layer LSTM or GRU at the model's shapes: 16 dialogues of up to
 * 110 utterances (lengths drawn once, seeded; the same in {@code bench/recurrent_torch.py}), 1582 input features
 * (the acoustic features), hidden 100. {@code bench/recurrent.sh} times PyTorch on the same shapes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class RecurrentBenchmark {

    /** The dialogue lengths, shared with the Python script. */
    public static final int[] LENGTHS = {110, 97, 45, 63, 88, 102, 71, 39, 110, 56, 93, 80, 67, 104, 52, 75};

    @Param({"lstm", "gru"})
    public String cell;

    @Param({"1582"})
    public int input;

    @Param({"100"})
    public int hidden;

    /**
     * {@code dialogues}: {@link #LENGTHS} (what PyTorch's packed sequences process); {@code full}: every sequence
     * its padded 110 steps, what DJL's recurrent op processes (it takes no lengths).
     */
    @Param({"dialogues", "full"})
    public String lengths;

    private int[] steps;

    private Lstm lstm;
    private Gru gru;
    private Tensor x;
    private Tensor r;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(7);
        int maxLen = 110;
        lstm = new Lstm(input, hidden, 1, true, 0f, rng);
        gru = new Gru(input, hidden, 1, true, 0f, rng);
        x = Tensor.randn(rng, LENGTHS.length, maxLen, input).requiresGrad(true);
        steps = "full".equals(lengths) ? java.util.Collections.nCopies(LENGTHS.length, maxLen).stream()
                .mapToInt(Integer::intValue).toArray() : LENGTHS;
        r = Tensor.randn(rng, LENGTHS.length, maxLen, 2 * hidden);
    }

    @Benchmark
    public float forwardBackward() {
        RnnOutput out = "lstm".equals(cell) ? lstm.forward(x, steps) : gru.forward(x, steps);
        Tensor loss = out.output().mul(r).sum();
        loss.backward();
        x.zeroGrad();
        (("lstm".equals(cell)) ? lstm : gru).zeroGrad();
        return loss.item();
    }
}
