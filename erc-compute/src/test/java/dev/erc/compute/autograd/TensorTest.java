package dev.erc.compute.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.compute.ops.Arithmetic;
import dev.erc.compute.ops.Pointwise;
import dev.erc.compute.ops.Reduce;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void shapeMismatchNamesOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        ShapeMismatchException m = assertThrows(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(2, 3)));
        assertTrue(m.getMessage().startsWith("matmul") && m.getMessage().contains("[2, 3] and [2, 3]"),
                m.getMessage());
    }

    @Test
    void constructionChecksElementCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void gradientsAccumulateOverSharedSubexpressions() {
        // y = x*x + x  =>  dy/dx = 2x + 1, with x reached through two paths
        Tensor x = Tensor.of(new float[] {1.5f, -2f}, 2).requiresGrad(true);
        Tensor y = Reduce.sum(x.mul(x).add(x));
        y.backward();
        assertArrayEquals(new float[] {4f, -3f}, x.grad(), 1e-6f);
        // a second backward adds to the existing gradient, as in PyTorch
        Reduce.sum(x.mul(x).add(x)).backward();
        assertArrayEquals(new float[] {8f, -6f}, x.grad(), 1e-6f);
        x.zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, x.grad(), 0f);
    }

    @Test
    void noGradBuildsNoGraph() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        Tensor y;
        try (var scope = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            y = Pointwise.tanh(w.mul(2f));
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertThrows(IllegalStateException.class, () -> Reduce.sum(y).backward());
    }

    @Test
    void constantsGetNoGradient() {
        Tensor w = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
        Tensor c = Tensor.of(new float[] {3f}, 1);
        Reduce.sum(w.mul(c)).backward();
        assertArrayEquals(new float[] {3f}, w.grad(), 0f);
        assertNull(c.grad());
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Tensor x = Tensor.of(new float[] {0.5f}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 50_000; i++) {
            y = Arithmetic.addScalar(y, 0f);
        }
        Reduce.sum(y.mul(3f)).backward();
        assertArrayEquals(new float[] {3f}, x.grad(), 0f);
    }

    @Test
    void reshapeInfersOneDimensionAndRejectsBadCounts() {
        assertArrayEquals(new int[] {3, 4}, Tensor.zeros(2, 6).reshape(3, -1).shape());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Tensor.zeros(2, 6).reshape(5, 2));
        assertTrue(e.getMessage().contains("[2, 6]") && e.getMessage().contains("[5, 2]"), e.getMessage());
    }

    @Test
    void backwardNeedsAScalarOrASeed() {
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        Tensor y = x.mul(2f);
        assertThrows(IllegalStateException.class, y::backward);
        y.backward(new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {2, 4, 6, 8}, x.grad(), 0f);
    }

    @Test
    void indexingAndItem() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(6f, t.get(1, 2));
        assertEquals(4f, t.get(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IllegalStateException.class, t::item);
        assertEquals(21f, t.sum().item());
        assertEquals(3, t.dim(-1));
    }
}
