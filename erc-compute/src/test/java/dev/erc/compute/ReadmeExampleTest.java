package dev.erc.compute;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.compute.autograd.GradMode;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Loss;
import dev.erc.compute.ops.Pointwise;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The README's example, kept compiling and behaving as the README says. */
class ReadmeExampleTest {

    @Test
    void readmeExampleTrainsAndInfers() {
        var rng = new SplittableRandom(1);
        Tensor x = Tensor.randn(rng, 16, 100);
        Tensor w = Tensor.randn(rng, 100, 6).mul(0.1f).detach().requiresGrad(true);
        Tensor logits = Pointwise.tanh(x.matmul(w));
        Tensor loss = Loss.crossEntropy(logits, new int[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3});
        loss.backward();
        assertTrue(loss.item() > 0 && Float.isFinite(loss.item()), "loss " + loss.item());
        assertNotNull(w.grad());
        double norm = 0;
        for (float g : w.grad()) {
            norm += g * g;
        }
        assertTrue(norm > 0, "gradient reached w");
        Tensor y;
        try (var scope = GradMode.noGrad()) {
            y = Pointwise.tanh(x.matmul(w));
        }
        assertFalse(y.requiresGrad());
    }
}
