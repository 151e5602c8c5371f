package dev.erc.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Locale;

/**
 * Forward and backward of a bidirectional one-layer LSTM and GRU in DJL's PyTorch engine (libtorch), at the shapes of
 * erc-bench's RecurrentBenchmark: 16 sequences of 110 steps (DJL's recurrent ops take no lengths, so every sequence
 * runs its full padded length: compare with RecurrentBenchmark's {@code lengths=full}), 1582 inputs, hidden 100,
 * loss = sum(output * R). DJL's LSTM/GRU <em>blocks</em> register all weights then all biases, while libtorch's op wants
 * each direction's (w_ih, w_hh, b_ih, b_hh) together, so this calls the raw {@code lstm}/{@code gru} op with the
 * parameters in libtorch's order, biases included. Prints the median of 15 timed runs after 3 warm-ups, in ms.
 * Threads: {@code -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1} (bench/recurrent.sh).
 */
public final class DjlRecurrent {

    private static final int BATCH = 16;
    private static final int STEPS = 110;
    private static final int INPUT = 1582;
    private static final int HIDDEN = 100;

    private DjlRecurrent() {
    }

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        System.out.println("DJL " + Engine.getDjlVersion() + ", " + engine.getEngineName() + " " + engine.getVersion());
        for (String cell : new String[] {"lstm", "gru"}) {
            System.out.printf(Locale.ROOT, "RESULT %s %.2f%n", cell, time(engine, cell));
        }
    }

    private static double time(Engine engine, String cell) {
        int gates = cell.equals("lstm") ? 4 : 3;
        float bound = (float) (1 / Math.sqrt(HIDDEN));
        try (NDManager m = engine.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            NDArray x = m.randomNormal(new Shape(BATCH, STEPS, INPUT));
            x.setRequiresGradient(true);
            NDArray r = m.randomNormal(new Shape(BATCH, STEPS, 2 * HIDDEN));
            NDList params = new NDList();
            for (int dir = 0; dir < 2; dir++) {
                params.add(m.randomUniform(-bound, bound, new Shape(gates * HIDDEN, INPUT)));
                params.add(m.randomUniform(-bound, bound, new Shape(gates * HIDDEN, HIDDEN)));
                params.add(m.randomUniform(-bound, bound, new Shape(gates * HIDDEN)));
                params.add(m.randomUniform(-bound, bound, new Shape(gates * HIDDEN)));
            }
            params.forEach(p -> p.setRequiresGradient(true));
            NDArray h0 = m.zeros(new Shape(2, BATCH, HIDDEN));
            NDArray c0 = m.zeros(new Shape(2, BATCH, HIDDEN));
            Runnable step = () -> {
                try (NDManager sub = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
                    NDList out = cell.equals("lstm")
                            ? x.getNDArrayInternal().lstm(x, new NDList(h0, c0), params, true, 1, 0, true, true, true)
                            : x.getNDArrayInternal().gru(x, h0, params, true, 1, 0, true, true, true);
                    NDArray loss = out.get(0).mul(r).sum();
                    gc.backward(loss);
                    out.attach(sub);
                    loss.attach(sub);
                }
            };
            for (int i = 0; i < 3; i++) {
                step.run();
            }
            double[] ms = new double[15];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                step.run();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            return ms[ms.length / 2];
        }
    }
}
