package dev.erc.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.erc.compute.autograd.Tensor;

/**
 * Comparison with PyTorch: each element within {@link #RTOL} of its own value plus {@link #FLOOR} of the tensor's
 * largest value (float32 sums err in proportion to their largest terms), and the whole tensor within
 * {@link #NORM_TOL} of its norm. No absolute floor: a tensor of small values is held to its own scale.
 */
public final class Parity {

    public static final double RTOL = 1e-4;
    public static final double FLOOR = 1e-5;
    public static final double NORM_TOL = 1e-5;

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

    public static void assertClose(String what, float[] expected, float[] actual) {
        assertClose(what, expected, actual, RTOL, FLOOR, NORM_TOL);
    }

    /** The same comparison with other tolerances (the GPU's, which sums in other orders and other precisions). */
    public static void assertClose(String what, float[] expected, float[] actual, double rtol, double floor,
                                   double normTol) {
        assertNotNull(actual, what + ": no gradient");
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " elements, PyTorch has " + expected.length);
        }
        double max = 0;
        for (float e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        double diff2 = 0;
        double norm2 = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= rtol * Math.abs(expected[i]) + floor * max)) {
                fail(what + "[" + i + "]: PyTorch " + expected[i] + ", ours " + actual[i] + " (largest " + max + ")");
            }
            diff2 += d * d;
            norm2 += (double) expected[i] * expected[i];
        }
        if (!(Math.sqrt(diff2) <= normTol * Math.sqrt(norm2))) {
            fail(what + ": relative error of the whole tensor " + Math.sqrt(diff2 / norm2));
        }
    }

    /** {@code sum(out * r)} as a scalar tensor, the loss every fixture differentiates. */
    static Tensor projection(Tensor out, Tensor r) {
        return out.mul(r).sum();
    }
}
