#!/usr/bin/env python3
"""Times PyTorch (CPU, 2 threads) on RecurrentBenchmark's shapes and prints it beside the JMH result, with the ratio.

Usage: python3 bench/recurrent_torch.py bench/out/recurrent-jmh.json   (needs python3-torch)
Forward + backward of a bidirectional 1-layer LSTM/GRU over 16 packed dialogues of up to 110 utterances, input 1582,
hidden 100; loss = sum(output * R). Median of 15 timed runs after 3 warm-ups.
"""
import json
import statistics
import sys
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

LENGTHS = [110, 97, 45, 63, 88, 102, 71, 39, 110, 56, 93, 80, 67, 104, 52, 75]


def time_cell(cell, inp, hidden, threads=2):
    torch.set_num_threads(threads)
    torch.manual_seed(7)
    cls = nn.LSTM if cell == "lstm" else nn.GRU
    rnn = cls(inp, hidden, num_layers=1, bidirectional=True, batch_first=True)
    x = torch.randn(len(LENGTHS), max(LENGTHS), inp, requires_grad=True)
    r = torch.randn(len(LENGTHS), max(LENGTHS), 2 * hidden)
    lengths = torch.tensor(LENGTHS)

    def run():
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = rnn(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=max(LENGTHS))
        (out * r).sum().backward()
        x.grad = None
        rnn.zero_grad()

    for _ in range(3):
        run()
    times = []
    for _ in range(15):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def djl_results(path):
    """RESULT lines of bench/djl (DJL's PyTorch engine, full padded lengths), if it ran."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[0] == "RESULT":
                    out[parts[1]] = float(parts[2])
    except OSError:
        pass
    return out


def main(path, djl_path=None):
    with open(path) as f:
        results = json.load(f)
    djl = djl_results(djl_path) if djl_path else {}
    print(f"PyTorch {torch.__version__}, {2} threads")
    print()
    print("| layer (bidirectional, 16 x <=110 x 1582 -> 100) | Java ms | PyTorch ms | PyTorch / Java |")
    print("|---|---:|---:|---:|")
    full = {}
    for r in results:
        p = r["params"]
        java = r["primaryMetric"]["score"]
        if p.get("lengths", "dialogues") == "full":
            full[p["cell"]] = java
            continue
        torch_ms = time_cell(p["cell"], int(p["input"]), int(p["hidden"]))
        print(f"| {p['cell'].upper()} forward+backward | {java:.1f} | {torch_ms:.1f} | {torch_ms / java:.2f}x |")
    if djl and full:
        print()
        print("| layer (bidirectional, 16 x 110 x 1582 -> 100, every sequence full length) | Java ms | DJL ms | DJL / Java |")
        print("|---|---:|---:|---:|")
        for cell, java in full.items():
            if cell in djl:
                print(f"| {cell.upper()} forward+backward | {java:.1f} | {djl[cell]:.1f} | {djl[cell] / java:.2f}x |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
