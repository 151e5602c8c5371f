package dev.erc.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.erc.compute.autograd.GradMode;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.BackendUnavailableException;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.ops.PackedWeights;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inference with the weights packed once ({@link PackedWeights}) gives the same bits as packing them per product, at
 * the model's sizes: IEMOCAP's 1582-wide acoustic input (three K slices of the GEMM), hidden 100, attention over the
 * fused features; a short and a padded batch. And the cache is really used: the number of packed operands is the
 * number of weights multiplied, and a second pass packs nothing more.
 */
class PackedWeightsTest {

    static Stream<String> backends() {
        return Stream.of("scalar", "cpu");
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.uniform(new SplittableRandom(seed), -1f, 1f, shape);
    }

    /** Runs {@code forward} plain, then twice under a cache of {@code module}'s parameters: the same bits thrice. */
    private static void samePredictions(String backend, Module module, int packedOperands, Supplier<Tensor> forward)
            throws BackendUnavailableException {
        module.train(false);
        try (var be = Backends.use(Backends.get(backend)); var grad = GradMode.noGrad()) {
            float[] plain = forward.get().data();
            PackedWeights cache = PackedWeights.of(module.parameters());
            try (var scope = cache.use()) {
                assertArrayEquals(plain, forward.get().data(), module + " on " + backend);
                assertEquals(packedOperands, cache.size(), "operands packed by " + module);
                assertArrayEquals(plain, forward.get().data(), module + " on " + backend + ", second pass");
                assertEquals(packedOperands, cache.size(), "a second pass packs nothing");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void bidirectionalLstmOverAcousticFeatures(String backend) throws BackendUnavailableException {
        Lstm lstm = new Lstm(1582, 100, 2, true, 0f, new SplittableRandom(1));
        int[] lengths = {24, 9, 17};
        Tensor x = input(2, 3, 24, 1582);
        // per layer: both W_ih stacked, then each direction's W_hh
        samePredictions(backend, lstm, 2 * 3, () -> lstm.forward(x, lengths).output());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unidirectionalGruOfOneDialogue(String backend) throws BackendUnavailableException {
        Gru gru = new Gru(600, 100, 1, false, 0f, new SplittableRandom(3));
        Tensor x = input(4, 1, 11, 600);
        samePredictions(backend, gru, 2, () -> gru.forward(x, new int[] {11}).output());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void transformerLayerWithPadding(String backend) throws BackendUnavailableException {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(200, 4, 256, 0f, new SplittableRandom(5));
        Tensor x = input(6, 2, 13, 200);
        boolean[] padding = new boolean[2 * 13];
        for (int t = 9; t < 13; t++) {
            padding[13 + t] = true;
        }
        // q, k, v row blocks of in_proj_weight, out_proj, linear1, linear2
        samePredictions(backend, layer, 6, () -> layer.forward(x, padding));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void graphConvolution(String backend) throws BackendUnavailableException {
        GraphConvolution gcn = new GraphConvolution(200, 100, true, new SplittableRandom(7));
        Tensor x = input(8, 1, 24, 200);
        Tensor adjacency = Tensor.uniform(new SplittableRandom(9), 0f, 1f, 1, 24, 24);
        samePredictions(backend, gcn, 1, () -> gcn.forward(x, adjacency));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void onlyTheGivenWeightsArePackedAndOnlyInScope(String backend) throws BackendUnavailableException {
        Linear a = new Linear(300, 100, new SplittableRandom(10));
        Linear b = new Linear(100, 50, new SplittableRandom(11));
        PackedWeights cache = PackedWeights.of(a.parameters());
        try (var be = Backends.use(Backends.get(backend)); var grad = GradMode.noGrad()) {
            Tensor x = input(12, 7, 300);
            assertNull(PackedWeights.transposedRows(Backends.current(), a.weight(), 0, 100), "no cache in use");
            try (var scope = cache.use()) {
                b.forward(a.forward(x));
                assertEquals(1, cache.size(), "only a's weight");
                assertNull(PackedWeights.transposedRows(Backends.current(), b.weight(), 0, 50), "b is not frozen");
                assertNotNull(PackedWeights.transposedRows(Backends.current(), a.weight(), 0, 100));
                try (var inner = PackedWeights.of(List.of()).use()) {
                    assertNull(PackedWeights.transposedRows(Backends.current(), a.weight(), 0, 100), "nested scope");
                }
                assertNotNull(PackedWeights.transposedRows(Backends.current(), a.weight(), 0, 100), "restored");
            }
            assertNull(PackedWeights.transposedRows(Backends.current(), a.weight(), 0, 100), "closed");
        }
    }
}
