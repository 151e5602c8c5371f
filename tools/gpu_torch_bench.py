#!/usr/bin/env python3
"""The PyTorch half of tools/gpu-check.sh: times on the GPU what dev.erc.bench.GpuCheck times, in the same format.

SGEMM 4096^3 (torch.matmul, FP32: TF32 off, as our cuBLAS call), and forward + backward of a bidirectional 1-layer
LSTM and GRU (cuDNN, FP32: cudnn.allow_tf32 off) over 16 packed dialogues of up to 110 utterances, 1582 features,
hidden 100; loss = sum(output * R). CUDA-event median of 15 runs after 3 warm-ups. Prints RESULT lines.
"""
import statistics
import sys
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

LENGTHS = [110, 97, 45, 63, 88, 102, 71, 39, 110, 56, 93, 80, 67, 104, 52, 75]  # RecurrentBenchmark.LENGTHS


def median_ms(step, warmup=3, runs=15):
    for _ in range(warmup):
        step()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        step()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times)


def main():
    if not torch.cuda.is_available():
        print("torch: CUDA unavailable; PyTorch GPU timings skipped")
        return 0
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    print(f"torch: {torch.__version__}, CUDA {torch.version.cuda}, cuDNN {torch.backends.cudnn.version()}, "
          f"{torch.cuda.get_device_name(0)}")
    n = 4096
    a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
    ms = median_ms(lambda: torch.matmul(a, b))
    print(f"RESULT sgemm{n} {ms:.4f} ms {2 * n ** 3 / ms / 1e6:.1f} GFLOP/s")
    x, y = torch.randn(4096, device=dev), torch.randn(4096, device=dev)

    def launches():
        for _ in range(1000):
            y.add_(x, alpha=0.5)

    # host clock up to the final synchronisation, as GpuCheck
    times = []
    for r in range(18):
        t0 = time.perf_counter()
        launches()
        torch.cuda.synchronize()
        if r >= 3:
            times.append((time.perf_counter() - t0) * 1000)
    ms = statistics.median(times)
    print(f"RESULT axpy4096x1000 {ms:.4f} ms ({ms:.2f} us per launch, host clock)")
    for cell in ("lstm", "gru"):
        torch.manual_seed(7)
        rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(1582, 100, num_layers=1, bidirectional=True,
                                                      batch_first=True).to(dev)
        x = torch.randn(len(LENGTHS), max(LENGTHS), 1582, device=dev, requires_grad=True)
        r = torch.randn(len(LENGTHS), max(LENGTHS), 200, device=dev)
        lengths = torch.tensor(LENGTHS)

        def step():
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            out, _ = rnn(packed)
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=max(LENGTHS))
            (out * r).sum().backward()

        print(f"RESULT bi{cell}-fwd-bwd {median_ms(step):.4f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
