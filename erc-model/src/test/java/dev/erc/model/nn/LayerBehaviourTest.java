package dev.erc.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Initialisation, naming, modes and input checks: what the PyTorch fixtures do not pin down. */
class LayerBehaviourTest {

    private static double std(float[] x) {
        double s = 0;
        double s2 = 0;
        for (float v : x) {
            s += v;
            s2 += v * v;
        }
        double m = s / x.length;
        return Math.sqrt(s2 / x.length - m * m);
    }

    @Test
    void defaultInitialisationsFollowPyTorch() {
        Lstm lstm = new Lstm(30, 25, 1, false, 0f, new SplittableRandom(3));
        float bound = 1f / 5f;
        for (Tensor t : lstm.parameters()) {
            for (float v : t.data()) {
                assertTrue(Math.abs(v) <= bound, "LSTM weight " + v + " outside ±1/sqrt(hidden)");
            }
        }
        // U(-b, b) has standard deviation b / sqrt(3)
        assertEquals(bound / Math.sqrt(3), std(lstm.namedParameters().get("weight_ih_l0").data()), 0.01);
        Linear linear = new Linear(400, 300, new SplittableRandom(4));
        assertEquals(1 / Math.sqrt(400) / Math.sqrt(3), std(linear.weight().data()), 0.002);
        MultiheadAttention mha = new MultiheadAttention(64, 4, 0f, new SplittableRandom(5));
        assertEquals(Math.sqrt(6.0 / (64 + 192)) / Math.sqrt(3),
                std(mha.namedParameters().get("in_proj_weight").data()), 0.005);
        assertEquals(0.0, std(mha.namedParameters().get("in_proj_bias").data()));
        Embedding emb = new Embedding(1000, 50, new SplittableRandom(6));
        assertEquals(1.0, std(emb.weight().data()), 0.02);
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(new Gru(8, 6, 2, true, 0.1f, new SplittableRandom(9)).namedParameters()
                        .get("weight_hh_l1_reverse").data(),
                new Gru(8, 6, 2, true, 0.1f, new SplittableRandom(9)).namedParameters()
                        .get("weight_hh_l1_reverse").data());
    }

    @Test
    void parameterNamesFollowPyTorch() {
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                        "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse"),
                List.copyOf(new Lstm(3, 2, 1, true, 0f, new SplittableRandom(1)).namedParameters().keySet()));
        assertTrue(new TransformerEncoderLayer(8, 2, 16, 0.1f, new SplittableRandom(1)).namedParameters().keySet()
                .containsAll(List.of("self_attn.in_proj_weight", "self_attn.out_proj.weight", "linear1.weight",
                        "linear2.bias", "norm1.weight", "norm2.bias")));
    }

    @Test
    void dropoutActsOnlyInTraining() {
        Dropout d = new Dropout(0.25f, new SplittableRandom(2));
        Tensor x = Tensor.ones(10_000);
        Tensor y = d.forward(x);
        int zeros = 0;
        for (float v : y.data()) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(1f / 0.75f, v, 1e-6f);
            }
        }
        assertEquals(2500, zeros, 150);
        d.train(false);
        assertSame(x, d.forward(x));
    }

    /**
     * The two directions of a bidirectional layer run at the same time where the backend has two threads
     * ({@link Backend#concurrently}): the outputs, final states and every gradient must be the bits of the same
     * backend running them one after the other.
     */
    @Test
    void bidirectionalLayersGiveTheSameBitsWithTheirDirectionsConcurrentOrNot() throws Exception {
        Backend cpu = Backends.get("cpu");
        Backend inTurn = (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("concurrently")) {
                        ((Runnable) args[0]).run();
                        ((Runnable) args[1]).run();
                        return null;
                    }
                    try {
                        return method.invoke(cpu, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        for (String cell : List.of("lstm", "gru")) {
            float[][] one = bidirectionalRun(cell, inTurn);
            float[][] two = bidirectionalRun(cell, cpu);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], cell + " result " + i);
            }
        }
    }

    private static float[][] bidirectionalRun(String cell, Backend backend) {
        try (var scope = Backends.use(backend)) {
            SplittableRandom rng = new SplittableRandom(5);
            RecurrentNetwork net = cell.equals("lstm") ? new Lstm(200, 40, 2, true, 0f, rng)
                    : new Gru(200, 40, 2, true, 0f, rng);
            Tensor x = Tensor.randn(rng, 6, 30, 200).requiresGrad(true);
            RnnOutput out = net.forward(x, new int[] {30, 7, 22, 30, 1, 16});
            out.output().mul(Tensor.randn(rng, 6, 30, 80)).sum().add(out.hN().mul(Tensor.randn(rng, 4, 6, 40)).sum())
                    .backward();
            List<float[]> results = new java.util.ArrayList<>(List.of(out.output().data(), out.hN().data(),
                    x.grad()));
            net.namedParameters().values().forEach(p -> results.add(p.grad()));
            return results.toArray(new float[0][]);
        }
    }

    @Test
    void recurrentInputsAreChecked() {
        Lstm lstm = new Lstm(4, 3, 1, true, 0f, new SplittableRandom(1));
        assertThrows(ShapeMismatchException.class, () -> lstm.forward(Tensor.zeros(2, 5, 3), new int[] {5, 5}));
        assertThrows(ShapeMismatchException.class, () -> lstm.forward(Tensor.zeros(2, 5, 4), new int[] {5}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Tensor.zeros(2, 5, 4), new int[] {5, 6}));
        assertTrue(e.getMessage().contains("length 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 5, 4), new int[] {0, 5}));
    }

    @Test
    void paddedPositionsOfTheOutputAreZeroAndIgnoreTheirInput() {
        Gru gru = new Gru(3, 4, 2, true, 0f, new SplittableRandom(1));
        Tensor x = Tensor.randn(new SplittableRandom(2), 2, 5, 3);
        RnnOutput a = gru.forward(x, new int[] {5, 2});
        float[] changed = x.data().clone();
        for (int t = 2; t < 5; t++) {
            for (int f = 0; f < 3; f++) {
                changed[(5 + t) * 3 + f] = 100f;  // padding of sequence 1
            }
        }
        RnnOutput b = gru.forward(Tensor.of(changed, 2, 5, 3), new int[] {5, 2});
        assertArrayEquals(a.output().data(), b.output().data());
        assertArrayEquals(a.hN().data(), b.hN().data());
        for (int t = 2; t < 5; t++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(0f, a.output().get(1, t, j));
            }
        }
    }

    @Test
    void moduleLoadNamesMissingAndUnknownParameters() {
        Linear l = new Linear(2, 2, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.load(java.util.Map.of("weight", new float[4])));
        assertTrue(e.getMessage().contains("'bias'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> l.load(java.util.Map.of("weight", new float[4], "bias", new float[2], "extra", new float[1])));
        assertTrue(e.getMessage().contains("'extra'"), e.getMessage());
    }
}
