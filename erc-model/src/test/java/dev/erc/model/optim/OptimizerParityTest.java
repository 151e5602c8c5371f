package dev.erc.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.nn.Fixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Adam and AdamW against {@code torch.optim} over six steps, and clipping against {@code clip_grad_norm_}. */
class OptimizerParityTest {

    private static void assertClose(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-5 + 1e-4 * Math.abs(expected[i]))) {
                fail(what + "[" + i + "]: PyTorch " + expected[i] + ", ours " + actual[i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw"})
    void adamStepsMatchTorch(String name) {
        Fixture f = Fixture.load(name);
        JsonNode meta = f.meta();
        Tensor p1 = f.tensor("params", "p1").requiresGrad(true);
        Tensor p2 = f.tensor("params", "p2").requiresGrad(true);
        Tensor c1 = f.tensor("inputs", "c1");
        Tensor d1 = f.tensor("inputs", "d1");
        Tensor c2 = f.tensor("inputs", "c2");
        Tensor d2 = f.tensor("inputs", "d2");
        Optimizer opt = Adam.builder(List.of(p1, p2))
                .learningRate(meta.get("lr").asDouble())
                .betas(meta.get("beta1").asDouble(), meta.get("beta2").asDouble())
                .eps(meta.get("eps").asDouble())
                .weightDecay(meta.get("weight_decay").asDouble())
                .decoupled(name.equals("adamw"))
                .build();
        JsonNode steps = f.section("steps");
        for (int s = 0; s < steps.size(); s++) {
            opt.zeroGrad();
            Tensor loss = c1.mul(p1).mul(p1).sum().add(d1.mul(p1).sum())
                    .add(c2.mul(p2).mul(p2).sum()).add(d2.mul(p2).sum());
            loss.backward();
            opt.step();
            assertClose(name + " step " + (s + 1) + " p1", floats(steps.get(s).get("p1")), p1.data());
            assertClose(name + " step " + (s + 1) + " p2", floats(steps.get(s).get("p2")), p2.data());
        }
    }

    private static float[] floats(JsonNode t) {
        float[] d = new float[t.get("data").size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) t.get("data").get(i).asDouble();
        }
        return d;
    }

    @Test
    void clippingMatchesTorch() {
        Fixture f = Fixture.load("clip");
        Tensor p1 = Tensor.zeros(5).requiresGrad(true);
        Tensor p2 = Tensor.zeros(3, 2).requiresGrad(true);
        System.arraycopy(f.tensor("inputs", "g1").data(), 0, p1.gradBuffer(), 0, 5);
        System.arraycopy(f.tensor("inputs", "g2").data(), 0, p2.gradBuffer(), 0, 6);
        double norm = GradientClipping.clipNorm(List.of(p1, p2), f.meta().get("max_norm").asDouble());
        assertEquals(f.meta().get("total_norm").asDouble(), norm, 1e-4 * norm);
        assertClose("clipped g1", f.tensor("outputs", "g1").data(), p1.grad());
        assertClose("clipped g2", f.tensor("outputs", "g2").data(), p2.grad());
    }

    @Test
    void clippingLeavesSmallGradientsAlone() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        p.gradBuffer()[0] = 0.3f;
        p.gradBuffer()[1] = 0.4f;
        assertEquals(0.5, GradientClipping.clipNorm(List.of(p), 1.0), 1e-6);
        assertEquals(0.3f, p.grad()[0]);
    }

    @Test
    void schedulesAndSettings() {
        assertEquals(0.1, LearningRateSchedule.constant().rate(7, 0.1));
        assertEquals(0.1 * 0.25, LearningRateSchedule.step(10, 0.5).rate(25, 0.1), 1e-12);
        assertEquals(0.1 * Math.pow(0.9, 3), LearningRateSchedule.exponential(0.9).rate(3, 0.1), 1e-12);
        Tensor p = Tensor.zeros(1).requiresGrad(true);
        Adam adam = Adam.builder(List.of(p)).learningRate(0.01).build();
        adam.setLearningRate(0.002);
        assertEquals(0.002, adam.learningRate());
        assertThrows(IllegalArgumentException.class, () -> Adam.builder(List.of(p)).learningRate(-1).build());
        assertThrows(IllegalArgumentException.class, () -> Adam.builder(List.of()).build());
    }
}
