#!/usr/bin/env python3
"""Random predictions and sklearn's metrics on them, for erc-eval's tests.

Each case: gold and predicted class indices over K classes, with classes that never appear in the predictions and
(in some cases) classes that appear nowhere; sklearn's accuracy_score, f1_score(average='macro'|'weighted') and
per-class precision/recall/F1 (labels=range(K), zero_division=0).
Usage: python3 tools/make_metric_fixtures.py   (writes erc-eval/src/test/resources/fixtures/metrics.json)
"""
import json
import pathlib

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

OUT = pathlib.Path(__file__).resolve().parent.parent / "erc-eval/src/test/resources/fixtures/metrics.json"


def case(rng, n, k, never_predicted, absent):
    gold = rng.integers(0, k, n)
    gold[np.isin(gold, absent)] = (gold[np.isin(gold, absent)] + len(absent) + 1) % k
    noisy = np.where(rng.random(n) < 0.6, gold, rng.integers(0, k, n))
    for c in never_predicted + absent:
        noisy[noisy == c] = (c + 1) % k if (c + 1) % k not in never_predicted + absent else (c + 2) % k
    p, r, f, s = precision_recall_fscore_support(gold, noisy, labels=list(range(k)), zero_division=0)
    return {"classes": k, "gold": gold.tolist(), "predicted": noisy.tolist(),
            "accuracy": accuracy_score(gold, noisy),
            "macroF1": f1_score(gold, noisy, average="macro", zero_division=0),
            "weightedF1": f1_score(gold, noisy, average="weighted", zero_division=0),
            "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist()}


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    cases = [case(rng, 50, 6, [], []), case(rng, 500, 6, [0], []), case(rng, 300, 7, [2, 5], []),
             case(rng, 1000, 7, [6], [3]), case(rng, 17, 6, [1, 4], [5]), case(rng, 2000, 6, [], [])]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases))
    print("wrote", OUT, len(cases), "cases")
