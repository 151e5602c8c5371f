package dev.erc.model.optim;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.cuda.CudaDevice;
import dev.erc.compute.backend.cuda.CudaLibraries;
import dev.erc.compute.backend.cuda.DeviceFloats;
import dev.erc.compute.backend.cuda.DeviceKernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The device Adam step against {@link Adam} on the CPU: five steps with fresh gradients each, plain, with L2 weight
 * decay and decoupled (AdamW), to 1e-5 relative in the weights and moments, with a floor of 0.1% of the tensor's
 * largest value: the GPU fuses {@code a * b + c} into one rounding, so a weight that an update brings near zero
 * (first GPU check: 9.66e-6 from a start near 1) keeps an error of about 1e-10, the size of the terms' last bits,
 * which is 2e-5 of its own tiny value. Skipped, with the probe's reason, where there is no GPU.
 */
@Tag("gpu")
class AdamGpuTest {

    @ParameterizedTest(name = "weightDecay={0} decoupled={1}")
    @CsvSource({"0, false", "0.01, false", "0.01, true"})
    void fiveStepsMatchTheCpuOptimiser(double weightDecay, boolean decoupled) {
        CudaLibraries.Probe probe = CudaLibraries.probe();
        Assumptions.assumeTrue(probe.available(), () -> "GPU test skipped: " + probe.failure());
        int n = 50_001;
        SplittableRandom r = new SplittableRandom(5);
        float[] w0 = new float[n];
        for (int i = 0; i < n; i++) {
            w0[i] = (float) r.nextDouble(-1, 1);
        }
        Tensor p = Tensor.of(w0.clone(), n).requiresGrad(true);
        double lr = 3e-3;
        Adam adam = Adam.builder(List.of(p)).learningRate(lr).weightDecay(weightDecay).decoupled(decoupled).build();
        try (CudaDevice device = CudaDevice.open(0); DeviceKernels kernels = new DeviceKernels(device);
             Arena arena = Arena.ofConfined()) {
            DeviceFloats w = device.upload(arena, w0);
            DeviceFloats m = device.zeros(arena, n);
            DeviceFloats v = device.zeros(arena, n);
            for (int step = 1; step <= 5; step++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) r.nextGaussian() * (i % 7 == 0 ? 1e-4f : 1f);
                }
                p.zeroGrad();
                System.arraycopy(g, 0, p.gradBuffer(), 0, n);
                adam.step();
                kernels.adam(n, w, device.upload(arena, g), m, v, 0.9f, 0.999f,
                        (float) (lr / (1 - Math.pow(0.9, step))), Math.sqrt(1 - Math.pow(0.999, step)), 1e-8, lr,
                        weightDecay, decoupled);
            }
            Adam.State state = adam.exportState();
            assertClose("weights", p.data(), device.toHost(w));
            assertClose("first moments", state.m()[0], device.toHost(m));
            assertClose("second moments", state.v()[0], device.toHost(v));
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (float e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-5 * (Math.abs(expected[i]) + 1e-3 * max))) {
                fail(what + " differ at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
