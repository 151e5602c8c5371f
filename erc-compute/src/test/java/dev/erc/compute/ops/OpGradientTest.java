package dev.erc.compute.ops;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BackendUnavailableException;
import dev.erc.compute.backend.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op's backward against central finite differences, on odd sizes (1, 7, 33, 129) and
 * broadcasts, on the scalar backend and on the Vector API backend.
 */
class OpGradientTest {

    /** How inputs are drawn: away from kinks (relu, abs, clamp) and inside each op's domain. */
    enum Domain {
        /** Uniform in [-1, -0.1] ∪ [0.1, 1]. */
        SIGNED,
        /** Uniform in [0.5, 2]. */
        POSITIVE,
        /** Uniform in [-0.8, 0.8], for arc cosine. */
        UNIT,
        /** Multiples of 0.1 in [-1, 1] with a jitter of at most 0.02: at least 0.03 from any x.x5 boundary. */
        GRID;

        float draw(SplittableRandom rng) {
            return switch (this) {
                case SIGNED -> (float) ((0.1 + 0.9 * rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1));
                case POSITIVE -> (float) (0.5 + 1.5 * rng.nextDouble());
                case UNIT -> (float) (rng.nextDouble() * 1.6 - 0.8);
                case GRID -> (float) ((rng.nextInt(21) - 10) * 0.1 + (rng.nextDouble() * 0.04 - 0.02));
            };
        }
    }

    record Case(String name, Domain domain, int[][] shapes, Function<Tensor[], Tensor> f) {

        /** Fresh inputs that require grad, drawn from the domain with a seed taken from the name. */
        Tensor[] inputs() {
            SplittableRandom rng = new SplittableRandom(name.hashCode());
            Tensor[] inputs = new Tensor[shapes.length];
            for (int i = 0; i < inputs.length; i++) {
                Tensor t = Tensor.zeros(shapes[i]);
                float[] d = t.data();
                for (int j = 0; j < d.length; j++) {
                    d[j] = domain.draw(rng);
                }
                inputs[i] = t.requiresGrad(true);
            }
            return inputs;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(String name, Function<Tensor[], Tensor> f, int[]... shapes) {
        return new Case(name, Domain.SIGNED, shapes, f);
    }

    private static Case of(String name, Domain d, Function<Tensor[], Tensor> f, int[]... shapes) {
        return new Case(name, d, shapes, f);
    }

    private static int[] s(int... dims) {
        return dims;
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // products
        c.add(of("matmul 7x33 * 33x129", t -> t[0].matmul(t[1]), s(7, 33), s(33, 129)));
        c.add(of("matmul 1x1 * 1x7", t -> t[0].matmul(t[1]), s(1, 1), s(1, 7)));
        c.add(of("matmul 129x7 * 7x1", t -> t[0].matmul(t[1]), s(129, 7), s(7, 1)));
        c.add(of("matmul folded 3x7x33 * 33x5", t -> t[0].matmul(t[1]), s(3, 7, 33), s(33, 5)));
        c.add(of("matmul batched 2x7x33 * 2x33x9", t -> t[0].matmul(t[1]), s(2, 7, 33), s(2, 33, 9)));
        c.add(of("matmul shared left 7x33 * 3x33x5", t -> t[0].matmul(t[1]), s(7, 33), s(3, 33, 5)));
        c.add(of("linear 3x7x33 -> 5", t -> MatMul.linear(t[0], t[1], t[2]), s(3, 7, 33), s(5, 33), s(5)));
        c.add(of("linear no bias 1x129 -> 1", t -> MatMul.linear(t[0], t[1], null), s(1, 129), s(1, 129)));
        c.add(of("linear rows [5, 9) of 12 x 33", t -> MatMul.linearRows(t[0], t[1], t[2], 5, 9), s(3, 7, 33),
                s(12, 33), s(12)));
        c.add(of("bmm 4x7x1 * 4x1x33", t -> MatMul.bmm(t[0], t[1]), s(4, 7, 1), s(4, 1, 33)));
        // broadcasting arithmetic
        c.add(of("add 7x33 + 33", t -> t[0].add(t[1]), s(7, 33), s(33)));
        c.add(of("add 129 + 1", t -> t[0].add(t[1]), s(129), s(1)));
        c.add(of("sub 7x1 - 1x33", t -> t[0].sub(t[1]), s(7, 1), s(1, 33)));
        c.add(of("sub scalar - 2x7x33", t -> t[0].sub(t[1]), s(), s(2, 7, 33)));
        c.add(of("mul 2x7x33 * 7x1", t -> t[0].mul(t[1]), s(2, 7, 33), s(7, 1)));
        c.add(of("mul 33 * 33", t -> t[0].mul(t[1]), s(33), s(33)));
        c.add(of("div 7x33 / 33", Domain.POSITIVE, t -> t[0].div(t[1]), s(7, 33), s(33)));
        c.add(of("div 1x33 / 7x1", Domain.POSITIVE, t -> t[0].div(t[1]), s(1, 33), s(7, 1)));
        c.add(of("scale", t -> t[0].mul(-2.5f), s(7, 33)));
        c.add(of("addScalar", t -> Arithmetic.addScalar(t[0], 3f), s(33)));
        // reductions
        c.add(of("sum all", t -> t[0].sum(), s(7, 33)));
        c.add(of("mean all", t -> t[0].mean(), s(129)));
        c.add(of("sum axis 1 keep", t -> Reduce.sum(t[0], true, 1), s(7, 33, 3)));
        c.add(of("sum axis -1", t -> Reduce.sum(t[0], false, -1), s(7, 129)));
        c.add(of("mean axes 0,2", t -> Reduce.mean(t[0], false, 0, 2), s(3, 7, 33)));
        // pointwise
        c.add(of("exp", t -> Pointwise.exp(t[0]), s(7, 33)));
        c.add(of("log", Domain.POSITIVE, t -> Pointwise.log(t[0]), s(129)));
        c.add(of("tanh", t -> Pointwise.tanh(t[0]), s(7, 33)));
        c.add(of("sigmoid", t -> Pointwise.sigmoid(t[0]), s(33, 7)));
        c.add(of("relu", t -> Pointwise.relu(t[0]), s(129)));
        c.add(of("neg", t -> Pointwise.neg(t[0]), s(7)));
        c.add(of("abs", t -> Pointwise.abs(t[0]), s(33)));
        c.add(of("sqrt", Domain.POSITIVE, t -> Pointwise.sqrt(t[0]), s(33)));
        c.add(of("acos", Domain.UNIT, t -> Pointwise.acos(t[0]), s(7, 33)));
        c.add(of("pow 1.5", Domain.POSITIVE, t -> Pointwise.pow(t[0], 1.5f), s(33)));
        c.add(of("clamp", Domain.GRID, t -> Pointwise.clamp(t[0], -0.45f, 0.55f), s(129)));
        // softmax family and losses
        c.add(of("softmax last", t -> Softmax.softmax(t[0], -1), s(7, 33)));
        c.add(of("softmax axis 0", t -> Softmax.softmax(t[0], 0), s(33, 7)));
        c.add(of("softmax 1 column", t -> Softmax.softmax(t[0], -1), s(7, 1)));
        c.add(of("logSoftmax", t -> Softmax.logSoftmax(t[0], -1), s(129, 7)));
        c.add(of("crossEntropy", t -> Loss.crossEntropy(t[0], new int[] {0, 3, 5, 1, 1, 2, 4}), s(7, 6)));
        c.add(of("crossEntropy weighted masked", t -> Loss.crossEntropy(t[0], new int[] {0, 3, 5, 1, 1, 2, 4},
                new float[] {0.5f, 1f, 2f, 1f, 3f, 1f}, new boolean[] {true, true, false, true, true, false, true}),
                s(7, 6)));
        c.add(of("l1", t -> Norms.l1(t[0]), s(7, 33)));
        c.add(of("l2", t -> Norms.l2(t[0]), s(129)));
        c.add(of("squaredL2", t -> Norms.squaredL2(t[0]), s(7, 33)));
        // layout
        c.add(of("concat axis 1", t -> Join.concat(1, t[0], t[1]), s(7, 3), s(7, 33)));
        c.add(of("concat axis 0", t -> Join.concat(0, t[0], t[1], t[0]), s(1, 7), s(2, 7)));
        c.add(of("stack axis 1", t -> Join.stack(1, t[0], t[1]), s(7, 33), s(7, 33)));
        c.add(of("slice", t -> Index.slice(t[0], 1, 3, 30), s(7, 33)));
        c.add(of("indexSelect repeats", t -> Index.indexSelect(t[0], 0, 6, 0, 6, 2), s(7, 33)));
        c.add(of("gather axis 1", t -> Index.gather(t[0], 1, new int[] {2, 0, 2, 1, 1, 0}, s(3, 2)), s(3, 4)));
        c.add(of("transpose", t -> t[0].transpose(0, 2), s(3, 7, 33)));
        c.add(of("permute", t -> Reshape.permute(t[0], 2, 0, 1), s(3, 7, 5)));
        c.add(of("permute keeping the last axes", t -> Reshape.permute(t[0], 1, 0, 2, 3), s(3, 4, 2, 5)));
        c.add(of("reshape -1", t -> Pointwise.tanh(t[0].reshape(-1, 3)), s(7, 33)));
        // regularisation and normalisation
        c.add(of("dropout seeded", t -> Dropout.dropout(t[0], 0.3f, true, new SplittableRandom(5)), s(7, 33)));
        c.add(of("layerNorm", t -> LayerNorm.layerNorm(t[0], t[1], t[2], 1e-5f), s(7, 33), s(33), s(33)));
        c.add(of("layerNorm 1 row 129", t -> LayerNorm.layerNorm(t[0], t[1], t[2], 1e-5f), s(1, 129), s(129),
                s(129)));
        c.add(of("maskedFill broadcast", t -> Masking.maskedFill(t[0], new boolean[] {false, true, false, true, true},
                s(1, 5), -3f), s(7, 5)));
        // the paper's edge weights and graph normalisation
        c.add(of("cosine", t -> Similarity.cosine(t[0], t[1], -1, Similarity.EPS), s(7, 33), s(7, 33)));
        c.add(of("pairwiseCosine", t -> Similarity.pairwiseCosine(t[0], Similarity.EPS), s(2, 7, 33)));
        c.add(of("angular edge weight", Domain.UNIT, t -> Similarity.angular(t[0]), s(7, 7)));
        c.add(of("normalizeAdjacency", Domain.POSITIVE, t -> Graph.normalizeAdjacency(t[0], true), s(2, 7, 7)));
        Tensor sparseMask = Tensor.of(AngularAdjacencyTest.dialogueMask(new int[] {7, 4}, 7, 1, 1, 0.5f), 2, 7, 7);
        c.add(of("angularAdjacency", t -> Graph.angularAdjacency(t[0], sparseMask, Similarity.EPS), s(2, 7, 33)));
        c.add(of("GCN layer on learned edges", t -> {
            Tensor a = Similarity.angular(Similarity.pairwiseCosine(t[0], Similarity.EPS));
            return Pointwise.relu(Graph.normalizeAdjacency(a, true).matmul(t[0]).matmul(t[1]));
        }, s(7, 33), s(33, 5)));
        return c;
    }

    static Stream<Arguments> backendsAndCases() throws BackendUnavailableException {
        List<Arguments> args = new ArrayList<>();
        for (String b : List.of("scalar", "cpu")) {
            Backend backend = Backends.get(b);
            for (Case c : cases()) {
                args.add(Arguments.of(backend.name(), c));
            }
        }
        return args.stream();
    }

    /**
     * Random shapes, seeded: a matrix product and a broadcasting binary op whose operand drops random dimensions to
     * 1, then a reduction over a random axis.
     */
    static List<Case> randomShapeCases() {
        List<Case> c = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(2024);
        for (int i = 0; i < 12; i++) {
            int m = 1 + rng.nextInt(40);
            int k = 1 + rng.nextInt(40);
            int n = 1 + rng.nextInt(40);
            c.add(of("random matmul " + m + "x" + k + "x" + n, t -> t[0].matmul(t[1]), s(m, k), s(k, n)));
            int[] big = {1 + rng.nextInt(5), 1 + rng.nextInt(9), 1 + rng.nextInt(17)};
            int[] small = big.clone();
            for (int d = 0; d < 3; d++) {
                if (rng.nextBoolean()) {
                    small[d] = 1;
                }
            }
            int[] operand = rng.nextBoolean() ? java.util.Arrays.copyOfRange(small, 1, 3) : small;
            int axis = rng.nextInt(3);
            BinaryCase[] ops = BinaryCase.values();
            BinaryCase op = ops[rng.nextInt(ops.length)];
            c.add(new Case("random " + op + " " + java.util.Arrays.toString(big) + " with "
                    + java.util.Arrays.toString(operand) + ", sum axis " + axis,
                    op == BinaryCase.DIV ? Domain.POSITIVE : Domain.SIGNED,
                    new int[][] {big, operand}, t -> Reduce.sum(op.apply(t[0], t[1]), false, axis)));
        }
        return c;
    }

    enum BinaryCase {
        ADD, SUB, MUL, DIV;

        Tensor apply(Tensor a, Tensor b) {
            return switch (this) {
                case ADD -> a.add(b);
                case SUB -> b.sub(a);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
            };
        }
    }

    static Stream<Arguments> backendsAndRandomCases() throws BackendUnavailableException {
        List<Arguments> args = new ArrayList<>();
        for (String b : List.of("scalar", "cpu")) {
            for (Case c : randomShapeCases()) {
                args.add(Arguments.of(Backends.get(b).name(), c));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("backendsAndRandomCases")
    void backwardMatchesFiniteDifferencesOnRandomShapes(String backend, Case c) throws BackendUnavailableException {
        backwardMatchesFiniteDifferences(backend, c);
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("backendsAndCases")
    void backwardMatchesFiniteDifferences(String backend, Case c) throws BackendUnavailableException {
        Tensor[] inputs = c.inputs();
        try (var scope = Backends.use(Backends.get(backend))) {
            GradCheck.standard().check(c.name(), c.f(), inputs);
        }
    }
}
