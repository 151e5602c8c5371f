package dev.erc.bench;

import dev.erc.compute.backend.cuda.CublasGemm;
import dev.erc.compute.backend.cuda.CudaDevice;
import dev.erc.compute.backend.cuda.CudaLibraries;
import dev.erc.compute.backend.cuda.CudnnRnn;
import dev.erc.compute.backend.cuda.DeviceFloats;
import dev.erc.compute.backend.cuda.DeviceKernels;
import dev.erc.compute.backend.cuda.RnnWeightLayout;
import dev.erc.model.nn.Gru;
import dev.erc.model.nn.Lstm;
import dev.erc.model.nn.RecurrentNetwork;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The GPU half of {@code tools/gpu-check.sh}: prints the CUDA probe, then times on the GPU, with CUDA events, what
 * {@code tools/gpu_torch_bench.py} times in PyTorch on the same GPU: SGEMM 4096³ through cuBLAS, and forward + backward
 * (data and weights) of a bidirectional LSTM and GRU through cuDNN at {@link RecurrentBenchmark}'s shapes (16 padded
 * dialogues of up to 110 utterances, 1582 features, hidden 100). Buffers are allocated once, as PyTorch's caching
 * allocator does. Output: one {@code RESULT name ms} line per measurement (median of the timed runs).
 *
 * <p>{@code --probe}: print the probe only. Without a GPU it prints the reason and exits 3, or 0 with
 * {@code --allow-missing} (the dry run).
 */
public final class GpuCheck {

    private static final int WARMUP = 3;
    private static final int RUNS = 15;

    private GpuCheck() {
    }

    public static void main(String[] args) {
        boolean probeOnly = Arrays.asList(args).contains("--probe");
        boolean allowMissing = Arrays.asList(args).contains("--allow-missing");
        CudaLibraries.Probe probe = CudaLibraries.probe();
        probe.libraries().forEach((name, path) -> System.out.println("probe: " + name + " = " + path));
        if (!probe.available()) {
            System.out.println("probe: CUDA unavailable: " + probe.failure());
            System.exit(allowMissing ? 0 : 3);
        }
        System.out.println("probe: " + probe.devices() + " CUDA device(s)");
        if (probeOnly) {
            return;
        }
        try (CudaDevice device = CudaDevice.open(0)) {
            System.out.println("device: " + device);
            sgemm(device, 4096);
            launches(device, 4096, 1000);
            for (RnnWeightLayout.Cell cell : RnnWeightLayout.Cell.values()) {
                recurrent(device, cell, 1582, 100);
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    private static double median(CudaDevice device, Runnable step) {
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        device.synchronize();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            ms[i] = device.time(step);
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    private static void sgemm(CudaDevice device, int n) {
        SplittableRandom rng = new SplittableRandom(1);
        try (Arena arena = Arena.ofConfined(); CublasGemm gemm = new CublasGemm(device)) {
            DeviceFloats a = device.upload(arena, random(rng, n * n));
            DeviceFloats b = device.upload(arena, random(rng, n * n));
            DeviceFloats c = device.zeros(arena, (long) n * n);
            double ms = median(device, () -> gemm.sgemm(false, false, n, n, n, 1f, a, b, 0f, c));
            System.out.printf("RESULT sgemm%d %.4f ms %.1f GFLOP/s%n", n, ms, 2.0 * n * n * n / ms / 1e6);
        }
    }

    /**
     * Host cost of a small kernel launch through FFM: {@code count} axpy launches of {@code n} floats, timed on the
     * host up to the final synchronisation (the model's many small ops pay this per op).
     */
    private static void launches(CudaDevice device, int n, int count) {
        SplittableRandom rng = new SplittableRandom(3);
        try (Arena arena = Arena.ofConfined(); DeviceKernels kernels = new DeviceKernels(device)) {
            DeviceFloats x = device.upload(arena, random(rng, n));
            DeviceFloats y = device.upload(arena, random(rng, n));
            double[] ms = new double[RUNS];
            for (int r = -WARMUP; r < RUNS; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    kernels.axpy(n, 0.5f, x, y);
                }
                device.synchronize();
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            System.out.printf("RESULT axpy%dx%d %.4f ms (%.2f us per launch, host clock)%n", n, count, ms[RUNS / 2],
                    ms[RUNS / 2] * 1000 / count);
        }
    }

    private static void recurrent(CudaDevice device, RnnWeightLayout.Cell cell, int input, int hidden) {
        int[] lengths = RecurrentBenchmark.LENGTHS;
        int maxLen = Arrays.stream(lengths).max().orElseThrow();
        SplittableRandom rng = new SplittableRandom(7);
        RecurrentNetwork net = cell == RnnWeightLayout.Cell.LSTM
                ? new Lstm(input, hidden, 1, true, 0f, rng)
                : new Gru(input, hidden, 1, true, 0f, rng);
        Map<String, float[]> weights = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> weights.put(name, p.data()));
        try (Arena arena = Arena.ofConfined();
             CudnnRnn rnn = new CudnnRnn(device, cell, input, hidden, 1, true)) {
            DeviceFloats w = device.upload(arena, rnn.layout().pack(weights));
            DeviceFloats dw = device.zeros(arena, rnn.weightSpaceSize());
            DeviceFloats x = device.upload(arena, random(rng, lengths.length * maxLen * input));
            DeviceFloats dy = device.upload(arena, random(rng, lengths.length * maxLen * 2 * hidden));
            CudnnRnn.Pass pass = rnn.prepare(arena, lengths, maxLen);
            double ms = median(device, () -> {
                rnn.forward(pass, w, x);
                rnn.backward(pass, w, dy, dw);
            });
            System.out.printf("RESULT bi%s-fwd-bwd %.4f ms%n", cell.name().toLowerCase(java.util.Locale.ROOT), ms);
            // Are cuDNN's weight gradients the same bits on a rerun? (reproducibility on one GPU)
            float[][] grads = new float[2][];
            for (int run = 0; run < 2; run++) {
                DeviceFloats fresh = device.zeros(arena, rnn.weightSpaceSize());
                rnn.forward(pass, w, x);
                rnn.backward(pass, w, dy, fresh);
                grads[run] = device.toHost(fresh);
            }
            System.out.println("determinism: bi" + cell.name().toLowerCase(java.util.Locale.ROOT)
                    + " weight gradients bit-identical on a rerun: " + Arrays.equals(grads[0], grads[1]));
        }
    }
}
