#!/usr/bin/env python3
"""Writes a synthetic dataset exported by dev.erc.bench.ExportDataset as an IEMOCAP_features.pkl-format pickle
(DialogueGCN/MMGCN layout: videoIDs, videoSpeakers 'M'/'F', videoLabels, videoText, videoAudio, videoVisual,
videoSentence, trainVid, testVid; the exported train and validation splits together form trainVid), and optionally a
second copy whose features are z-scored per dimension with the statistics of trainVid: what a careful user would do
outside the library. Used by bench/standardisation.sh.

Usage: python3 tools/make_scaled_iemocap.py EXPORTED.params RAW.pkl [ZSCORED.pkl]
"""
import pathlib
import pickle
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import pmf_erc_reference as ref  # noqa: E402

MODALITIES = ("text", "audio", "visual")


def dialogues(data, split):
    lengths = [int(x) for x in data[split + ".lengths"].tolist()]
    out, k = [], 0
    for i, n in enumerate(lengths):
        d = {m: data[f"{split}.{m}"][k:k + n].numpy() for m in MODALITIES}
        d["speakers"] = [int(s) for s in data[split + ".speakers"][k:k + n].tolist()]
        d["labels"] = [int(y) for y in data[split + ".labels"][k:k + n].tolist()]
        d["id"] = f"{split}_{i:03d}"
        out.append(d)
        k += n
    return out


def as_pickle(train, test, path):
    cols = [{} for _ in range(7)]
    for d in train + test:
        vid, n = d["id"], len(d["labels"])
        cols[0][vid] = [f"{vid}_{j}" for j in range(n)]
        cols[1][vid] = ["MF"[s] for s in d["speakers"]]
        cols[2][vid] = d["labels"]
        for c, m in zip((3, 4, 5), MODALITIES):
            cols[c][vid] = [row.astype(np.float32) for row in d[m]]
        cols[6][vid] = ["" for _ in range(n)]
    obj = tuple(cols) + ({d["id"] for d in train}, {d["id"] for d in test})
    pathlib.Path(path).write_bytes(pickle.dumps(obj, protocol=4))
    print(f"wrote {path}: {len(train)} training and {len(test)} test dialogues")


def zscored(train, test):
    """Per-dimension z-scores with trainVid's statistics (population std; constant dimensions keep scale 1)."""
    out_train = [dict(d) for d in train]
    out_test = [dict(d) for d in test]
    for m in MODALITIES:
        x = np.concatenate([d[m] for d in train]).astype(np.float64)
        mean, std = x.mean(axis=0), x.std(axis=0)
        std[std == 0] = 1.0
        for d in out_train + out_test:
            d[m] = ((d[m] - mean) / std).astype(np.float32)
    return out_train, out_test


if __name__ == "__main__":
    data = ref.read_params(sys.argv[1])
    train = dialogues(data, "train") + dialogues(data, "valid")
    test = dialogues(data, "test")
    as_pickle(train, test, sys.argv[2])
    if len(sys.argv) > 3:
        as_pickle(*zscored(train, test), sys.argv[3])
