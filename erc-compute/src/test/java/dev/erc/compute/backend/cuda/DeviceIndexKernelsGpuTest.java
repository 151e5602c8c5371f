package dev.erc.compute.backend.cuda;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.ops.Index;
import dev.erc.compute.ops.Join;
import dev.erc.compute.ops.Loss;
import dev.erc.compute.ops.Masking;
import dev.erc.compute.ops.Pointwise;
import dev.erc.compute.ops.Reduce;
import dev.erc.compute.ops.Reshape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;

import static dev.erc.compute.backend.cuda.DeviceKernelsGpuTest.assertClose;
import static dev.erc.compute.backend.cuda.DeviceKernelsGpuTest.random;

/**
 * The data-movement, loss and element-wise kernels the device-resident ops will use, each against the CPU op it
 * stands for (run on the scalar oracle), forward and backward, to 1e-4 relative. Skipped, with the probe's reason,
 * where there is no GPU.
 */
@Tag("gpu")
class DeviceIndexKernelsGpuTest {

    private static CudaDevice device;
    private static DeviceKernels kernels;
    private Arena arena;
    private Backends.Scope scalar;

    @BeforeAll
    static void open() {
        GpuAvailable.assume();
        device = CudaDevice.open(0);
        kernels = new DeviceKernels(device);
    }

    @AfterAll
    static void close() {
        if (device != null) {
            kernels.close();
            device.close();
        }
    }

    @BeforeEach
    void scope() throws Exception {
        arena = Arena.ofConfined();
        scalar = Backends.use(Backends.get("scalar"));
    }

    @AfterEach
    void unscope() {
        scalar.close();
        arena.close();
    }

    private DeviceFloats up(float[] v) {
        return device.upload(arena, v);
    }

    private static long[] longs(int... v) {
        return java.util.Arrays.stream(v).asLongStream().toArray();
    }

    @Test
    void stridedCopiesPermuteBroadcastAndConcatenate() {
        float[] x = random(1, 3 * 4 * 5 * 6, -1f, 1f);
        Tensor t = Tensor.of(x, 3, 4, 5, 6);
        // permute (2, 0, 3, 1): output index (a, b, c, d) reads source (b, d, a, c)
        Tensor p = Reshape.permute(t, 2, 0, 3, 1);
        DeviceFloats out = device.allocate(arena, x.length);
        kernels.copyStrided(longs(5, 3, 6, 4), up(x), 0, longs(6, 120, 1, 30), out, 0, longs(72, 24, 4, 1), false);
        assertClose("permute", p.data(), device.toHost(out), 1e-6);

        // broadcast [4, 1, 6] -> [4, 5, 6] (source stride 0 on the broadcast axis), accumulated into ones
        float[] b = random(2, 24, -1f, 1f);
        float[] expected = new float[120];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 6; k++) {
                    expected[(i * 5 + j) * 6 + k] = 1f + b[i * 6 + k];
                }
            }
        }
        float[] ones = new float[120];
        java.util.Arrays.fill(ones, 1f);
        DeviceFloats acc = up(ones);
        kernels.copyStrided(longs(4, 5, 6), up(b), 0, longs(6, 0, 1), acc, 0, longs(30, 6, 1), true);
        assertClose("broadcast, accumulated", expected, device.toHost(acc), 1e-6);

        // concat [3, 4] and [3, 2] along axis 1: two copies into column offsets of a [3, 6]
        float[] a1 = random(3, 12, -1f, 1f);
        float[] a2 = random(4, 6, -1f, 1f);
        Tensor c = Join.concat(1, Tensor.of(a1, 3, 4), Tensor.of(a2, 3, 2));
        DeviceFloats cat = device.allocate(arena, 18);
        kernels.copyStrided(longs(3, 4), up(a1), 0, longs(4, 1), cat, 0, longs(6, 1), false);
        kernels.copyStrided(longs(3, 2), up(a2), 0, longs(2, 1), cat, 4, longs(6, 1), false);
        assertClose("concat", c.data(), device.toHost(cat), 1e-6);
    }

    @Test
    void reductionsOverAxesMatchReduceSum() {
        float[] x = random(5, 7 * 5 * 300, -1f, 1f);
        Tensor t = Tensor.of(x, 7, 5, 300);
        Tensor s = Reduce.sum(t, false, 0, 2);
        DeviceFloats out = device.allocate(arena, 5);
        kernels.reduce(longs(5), longs(300), longs(7, 300), longs(1500, 1), 1f, up(x), out, false);
        assertClose("sum over axes 0 and 2", s.data(), device.toHost(out), 1e-4);

        float[] big = random(6, 1_000_003, -1f, 1f);
        float total = Reduce.sum(Tensor.of(big, big.length)).item();
        DeviceFloats one = up(new float[] {2f});
        kernels.reduce(new long[0], new long[0], longs(big.length), longs(1), 0.5f, up(big), one, true);
        assertClose("half the sum of 1M, accumulated", new float[] {2f + 0.5f * total}, device.toHost(one), 1e-4);
    }

    @Test
    void gatherAndItsScatterAddMatchIndexGather() {
        int[] shape = {4, 9, 6};
        int[] indexShape = {4, 5, 6};
        SplittableRandom r = new SplittableRandom(7);
        int[] idx = new int[4 * 5 * 6];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = r.nextInt(9); // repeats: the backward adds several gradients into one element
        }
        float[] x = random(8, 4 * 9 * 6, -1f, 1f);
        float[] g = random(9, idx.length, -1f, 1f);
        Tensor t = Tensor.of(x.clone(), shape).requiresGrad(true);
        Tensor out = Index.gather(t, 1, idx, indexShape);
        out.mul(Tensor.of(g.clone(), indexShape)).sum().backward();

        DeviceFloats dout = device.allocate(arena, idx.length);
        kernels.gather(longs(indexShape), device.upload(arena, idx), longs(54, 0, 1), 6, up(x), dout);
        assertClose("gather", out.data(), device.toHost(dout), 1e-6);

        int[] sourceOf = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            int a = i / 30;
            int k = i % 6;
            sourceOf[i] = a * 54 + idx[i] * 6 + k;
        }
        DeviceFloats gx = device.zeros(arena, x.length);
        kernels.scatterAdd(ScatterPlan.of(sourceOf).upload(device, arena), up(g), gx);
        assertClose("gather backward", t.grad(), device.toHost(gx), 1e-5);
    }

    @Test
    void rowGatherAndScatterMatchIndexSelect() {
        int[] rows = {3, 0, 3, 7, 1, 3};
        float[] x = random(10, 8 * 100, -1f, 1f);
        float[] g = random(11, rows.length * 100, -1f, 1f);
        Tensor t = Tensor.of(x.clone(), 8, 100).requiresGrad(true);
        Tensor sel = Index.indexSelect(t, 0, rows);
        sel.mul(Tensor.of(g.clone(), rows.length, 100)).sum().backward();
        DeviceFloats out = device.allocate(arena, rows.length * 100L);
        kernels.gatherRows(rows.length, 100, device.upload(arena, rows), up(x), out);
        assertClose("indexSelect rows", sel.data(), device.toHost(out), 1e-6);
        DeviceFloats gx = device.zeros(arena, x.length);
        kernels.scatterAddRows(ScatterPlan.of(rows).upload(device, arena), 100, up(g), gx);
        assertClose("indexSelect backward", t.grad(), device.toHost(gx), 1e-5);
    }

    @Test
    void maskedFillAndDropoutMatchTheirOps() {
        float[] x = random(12, 2 * 3 * 4 * 5, -1f, 1f);
        float[] g = random(13, x.length, -1f, 1f);
        boolean[] mask = {true, false, false, true, false, true, false, false, true, false};
        Tensor t = Tensor.of(x.clone(), 2, 3, 4, 5).requiresGrad(true);
        Tensor filled = Masking.maskedFill(t, mask, new int[] {2, 1, 1, 5}, -1e9f);
        filled.mul(Tensor.of(g.clone(), 2, 3, 4, 5)).sum().backward();
        DeviceBytes dm = device.upload(arena, mask);
        long[] maskStrides = longs(5, 0, 0, 1);
        DeviceFloats out = device.allocate(arena, x.length);
        kernels.maskedFill(longs(2, 3, 4, 5), dm, maskStrides, up(x), -1e9f, out);
        assertClose("maskedFill", filled.data(), device.toHost(out), 1e-6);
        DeviceFloats gx = device.zeros(arena, x.length);
        kernels.maskedFillBackward(longs(2, 3, 4, 5), dm, maskStrides, up(g), gx);
        assertClose("maskedFill backward", t.grad(), device.toHost(gx), 1e-6);

        boolean[] keep = new boolean[x.length];
        float[] expected = new float[x.length];
        float[] expectedGrad = new float[x.length];
        SplittableRandom r = new SplittableRandom(14);
        for (int i = 0; i < keep.length; i++) {
            keep[i] = r.nextDouble() >= 0.3;
            expected[i] = keep[i] ? x[i] / 0.7f : 0f;
            expectedGrad[i] = keep[i] ? g[i] / 0.7f : 0f;
        }
        DeviceBytes dk = device.upload(arena, keep);
        DeviceFloats dropped = device.allocate(arena, x.length);
        kernels.dropout(x.length, dk, 1f / 0.7f, up(x), dropped);
        DeviceFloats dg = device.zeros(arena, x.length);
        kernels.dropoutBackward(x.length, dk, 1f / 0.7f, up(g), dg);
        assertClose("dropout", expected, device.toHost(dropped), 1e-6);
        assertClose("dropout backward", expectedGrad, device.toHost(dg), 1e-6);
    }

    @Test
    void logSoftmaxThenNllMatchesWeightedMaskedCrossEntropy() {
        int n = 300;
        int c = 6;
        float[] logits = random(15, n * c, -3f, 3f);
        int[] targets = new int[n];
        boolean[] mask = new boolean[n];
        SplittableRandom r = new SplittableRandom(16);
        for (int i = 0; i < n; i++) {
            targets[i] = r.nextInt(c);
            mask[i] = r.nextDouble() < 0.8;
        }
        float[] weights = {1f, 2f, 0.5f, 1.5f, 1f, 3f};
        Tensor lt = Tensor.of(logits.clone(), n, c).requiresGrad(true);
        Tensor loss = Loss.crossEntropy(lt, targets, weights, mask);
        loss.backward();

        DeviceFloats logp = device.allocate(arena, n * c);
        DeviceFloats dl = up(logits);
        kernels.softmaxRows(true, n, c, dl, logp);
        DeviceFloats lossOut = device.allocate(arena, 1);
        DeviceFloats denom = device.allocate(arena, 1);
        DeviceInts dt = device.upload(arena, targets);
        DeviceBytes dm = device.upload(arena, mask);
        DeviceFloats dw = up(weights);
        kernels.nll(n, c, logp, dt, dw, dm, lossOut, denom);
        assertClose("loss", new float[] {loss.item()}, device.toHost(lossOut), 1e-4);
        DeviceFloats glogp = device.zeros(arena, n * c);
        kernels.nllBackward(n, c, dt, dw, dm, up(new float[] {1f}), denom, glogp);
        DeviceFloats glogits = device.zeros(arena, n * c);
        kernels.softmaxRowsBackward(true, n, c, logp, glogp, glogits);
        assertClose("logits gradient", lt.grad(), device.toHost(glogits), 1e-4);

        kernels.nll(n, c, logp, dt, null, null, lossOut, denom);
        float plain = Loss.crossEntropy(Tensor.of(logits.clone(), n, c), targets).item();
        assertClose("unweighted, unmasked loss", new float[] {plain}, device.toHost(lossOut), 1e-4);
    }

    @Test
    void powClampAndInverseSqrtMatchTheirOps() {
        float[] x = random(17, 10_007, 0.05f, 3f);
        float[] g = random(18, x.length, -1f, 1f);
        Tensor t = Tensor.of(x.clone(), x.length).requiresGrad(true);
        Tensor p = Pointwise.pow(t, 1.7f);
        p.mul(Tensor.of(g.clone(), x.length)).sum().backward();
        DeviceFloats out = device.allocate(arena, x.length);
        DeviceFloats dx = up(x);
        kernels.pow(x.length, 1.7f, dx, out);
        DeviceFloats gx = device.zeros(arena, x.length);
        kernels.powBackward(x.length, 1.7f, dx, up(g), gx);
        assertClose("pow", p.data(), device.toHost(out), 1e-4);
        assertClose("pow backward", t.grad(), device.toHost(gx), 1e-4);

        Tensor t2 = Tensor.of(x.clone(), x.length).requiresGrad(true);
        Tensor cl = Pointwise.clamp(t2, 0.5f, 2f);
        cl.mul(Tensor.of(g.clone(), x.length)).sum().backward();
        kernels.clamp(x.length, 0.5f, 2f, dx, out);
        DeviceFloats gc = device.zeros(arena, x.length);
        kernels.clampBackward(x.length, 0.5f, 2f, dx, up(g), gc);
        assertClose("clamp", cl.data(), device.toHost(out), 1e-6);
        assertClose("clamp backward", t2.grad(), device.toHost(gc), 1e-6);

        float[] withZero = x.clone();
        withZero[3] = 0f;
        withZero[4] = -1f;
        float[] expected = new float[x.length];
        float[] expectedGrad = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = withZero[i] > 0f ? (float) (1.0 / Math.sqrt(withZero[i])) : 0f;
            expectedGrad[i] = withZero[i] > 0f ? -0.5f * g[i] * expected[i] / withZero[i] : 0f;
        }
        DeviceFloats dz = up(withZero);
        kernels.inverseSqrt(x.length, dz, out);
        DeviceFloats gi = device.zeros(arena, x.length);
        kernels.inverseSqrtBackward(x.length, dz, out, up(g), gi);
        assertClose("inverse sqrt", expected, device.toHost(out), 1e-4);
        assertClose("inverse sqrt backward", expectedGrad, device.toHost(gi), 1e-4);
    }
}
