package dev.erc.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.erc.compute.autograd.Tensor;

/** Comparison with PyTorch at the layer tests' tolerance: 1e-4 relative plus 1e-5 absolute. */
final class Parity {

    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    private Parity() {
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertClose(what, expected.data(), actual.data());
    }

    static void assertClose(String what, Tensor expected, float[] actual) {
        assertNotNull(actual, what + ": no gradient");
        assertClose(what, expected.data(), actual);
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " elements, PyTorch has " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= ATOL + RTOL * Math.abs(expected[i]))) {
                fail(what + "[" + i + "]: PyTorch " + expected[i] + ", ours " + actual[i]);
            }
        }
    }

    /** {@code sum(out * r)} as a scalar tensor, the loss every fixture differentiates. */
    static Tensor projection(Tensor out, Tensor r) {
        return out.mul(r).sum();
    }
}
