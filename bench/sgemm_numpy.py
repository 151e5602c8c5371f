#!/usr/bin/env python3
"""Times numpy's SGEMM (OpenBLAS) on the shapes of a JMH SgemmBenchmark result and prints both with the ratio.

Usage: python3 bench/sgemm_numpy.py bench/out/sgemm-jmh.json
Each numpy figure is the median of 7 rounds of about 0.3 s, after a warm-up, on all cores (as the Java backend).
"""
import json
import platform
import statistics
import sys
import time

import numpy as np


def numpy_gflops(m, k, n):
    rng = np.random.default_rng(42)
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((k, n), dtype=np.float32)
    flop = 2.0 * m * n * k
    a @ b
    reps = max(1, int(0.3e9 * 100 / flop))
    rounds = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(reps):
            a @ b
        rounds.append(flop * reps / (time.perf_counter() - t) / 1e9)
    return statistics.median(rounds)


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        for p in threadpool_info():
            if p.get("internal_api") == "openblas":
                return f"OpenBLAS {p.get('version')} ({p.get('architecture')}, {p.get('num_threads')} threads)"
    except ImportError:
        pass
    return "numpy " + np.__version__


def main(path):
    with open(path) as f:
        results = json.load(f)
    rows = []
    for r in results:
        shape = r["params"]["shape"]
        java = r["secondaryMetrics"]["gflop"]["score"]
        m, k, n = (int(x) for x in shape.split("x"))
        py = numpy_gflops(m, k, n)
        rows.append((shape, java, py, java / py))
    print(f"CPU: {platform.processor() or platform.machine()}; baseline: {blas_info()}")
    print()
    print("| shape (M x K x N) | Java Vector API GFLOP/s | numpy GFLOP/s | ratio |")
    print("|---|---:|---:|---:|")
    for shape, java, py, ratio in rows:
        print(f"| {shape} | {java:.1f} | {py:.1f} | {ratio:.0%} |")


if __name__ == "__main__":
    main(sys.argv[1])
