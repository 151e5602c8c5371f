package dev.erc.compute.ops;

import static org.junit.jupiter.api.Assertions.fail;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.BackendUnavailableException;
import dev.erc.compute.backend.Backends;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of {@link OpGradientTest}'s list, forward and backward, on the scalar and the Vector API backend: the
 * outputs and every input gradient agree to 1e-5 relative, measured against the largest magnitude of the tensor
 * (elements that cancel to near zero carry the rounding of their larger terms).
 */
class BackendAgreementTest {

    static final double RTOL = 1e-5;

    static Stream<OpGradientTest.Case> cases() {
        return OpGradientTest.cases().stream();
    }

    private record Run(float[] out, float[][] grads) {
    }

    private static Run run(String backend, OpGradientTest.Case c) throws BackendUnavailableException {
        Tensor[] inputs = c.inputs();
        try (var scope = Backends.use(Backends.get(backend))) {
            Tensor out = c.f().apply(inputs);
            float[] seed = new float[out.size()];
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < seed.length; i++) {
                seed[i] = (float) (r.nextDouble() * 2 - 1);
            }
            out.backward(seed);
            float[][] grads = new float[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = inputs[i].grad();
            }
            return new Run(out.data().clone(), grads);
        }
    }

    private static void assertAgree(String what, float[] expected, float[] actual) {
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        double tol = RTOL * Math.max(max, 1e-6);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + "[" + i + "]: scalar " + expected[i] + " vs cpu " + actual[i] + " (tol " + tol + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scalarAndVectorBackendsAgree(OpGradientTest.Case c) throws BackendUnavailableException {
        Run s = run("scalar", c);
        Run v = run("cpu", c);
        assertAgree(c.name() + " output", s.out(), v.out());
        for (int i = 0; i < s.grads().length; i++) {
            assertAgree(c.name() + " grad of input " + i, s.grads()[i], v.grads()[i]);
        }
    }
}
