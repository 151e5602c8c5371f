package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.backend.cuda.CudaDevice;
import dev.erc.compute.backend.cuda.CudaLibraries;
import dev.erc.compute.backend.cuda.CudnnRnn;
import dev.erc.compute.backend.cuda.DeviceFloats;
import dev.erc.compute.backend.cuda.RnnWeightLayout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * cuDNN's LSTM and GRU against our own layers on the scalar oracle, from the same PyTorch-named weights packed into
 * cuDNN's weight space: the output, the final states, the input gradient and every weight gradient (unpacked back to
 * our names) agree to 1e-3 relative. This is the test of the weight-layout mapping on real cuDNN, at the model's
 * hidden size, with padded sequences of different lengths. Skipped, with the probe's reason, where there is no GPU.
 */
@Tag("gpu")
class CudnnRnnGpuTest {

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @CsvSource({"LSTM, 1, true", "GRU, 1, true", "LSTM, 2, false", "GRU, 2, true"})
    void cudnnAgreesWithTheOracle(RnnWeightLayout.Cell cell, int layers, boolean bidirectional) throws Exception {
        CudaLibraries.Probe probe = CudaLibraries.probe();
        Assumptions.assumeTrue(probe.available(), () -> "GPU test skipped: " + probe.failure());
        int in = 37;
        int hidden = 100;
        int maxLen = 23;
        int[] lengths = {23, 5, 17, 1, 23, 9};
        int batch = lengths.length;
        int dirs = bidirectional ? 2 : 1;
        SplittableRandom rng = new SplittableRandom(cell.ordinal() * 10L + layers);
        RecurrentNetwork net = cell == RnnWeightLayout.Cell.LSTM
                ? new Lstm(in, hidden, layers, bidirectional, 0f, new java.util.Random(7))
                : new Gru(in, hidden, layers, bidirectional, 0f, new java.util.Random(7));
        float[] x = new float[batch * maxLen * in];
        float[] dy = new float[batch * maxLen * dirs * hidden];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                for (int j = 0; j < in; j++) {
                    x[(b * maxLen + t) * in + j] = (float) rng.nextDouble(-1, 1);
                }
                for (int j = 0; j < dirs * hidden; j++) {
                    dy[(b * maxLen + t) * dirs * hidden + j] = (float) rng.nextDouble(-1, 1);
                }
            }
        }

        Tensor xt = Tensor.of(x.clone(), batch, maxLen, in).requiresGrad(true);
        RnnOutput out;
        try (Backends.Scope s = Backends.use(Backends.get("scalar"))) {
            out = net.forward(xt, lengths);
            out.output().mul(Tensor.of(dy.clone(), batch, maxLen, dirs * hidden)).sum().backward();
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        Map<String, float[]> grads = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> {
            weights.put(name, p.data().clone());
            grads.put(name, p.grad().clone());
        });

        try (CudaDevice device = CudaDevice.open(0);
             CudnnRnn rnn = new CudnnRnn(device, cell, in, hidden, layers, bidirectional);
             Arena arena = Arena.ofConfined()) {
            RnnWeightLayout layout = rnn.layout();
            DeviceFloats w = device.upload(arena, layout.pack(weights));
            CudnnRnn.Pass pass = rnn.prepare(arena, lengths, maxLen);
            rnn.forward(pass, w, device.upload(arena, x));
            DeviceFloats dw = device.zeros(arena, rnn.weightSpaceSize());
            rnn.backward(pass, w, device.upload(arena, dy), dw);
            DeviceFloats dx = pass.dx();

            assertClose("output", out.output().data(), device.toHost(pass.y()));
            assertClose("final hidden states", out.hN().data(), device.toHost(pass.hy()));
            float[] dxDevice = device.toHost(dx);
            float[] dxOracle = xt.grad().clone();
            for (int b = 0; b < batch; b++) { // past each length cuDNN leaves dx unspecified; ours is 0
                for (int i = (b * maxLen + lengths[b]) * in; i < (b + 1) * maxLen * in; i++) {
                    dxDevice[i] = 0f;
                    dxOracle[i] = 0f;
                }
            }
            assertClose("input gradient", dxOracle, dxDevice);
            Map<String, float[]> dwDevice = layout.unpack(device.toHost(dw));
            assertEquals(grads.keySet(), dwDevice.keySet());
            grads.forEach((name, g) -> assertClose("gradient of " + name, g, dwDevice.get(name)));
        }
    }

    /** 1e-3 of each value plus 1e-5 of the tensor's largest, and 1e-3 of its norm. */
    private static void assertClose(String what, float[] expected, float[] actual) {
        Parity.assertClose(what, expected, actual, 1e-3, 1e-5, 1e-3);
    }
}
