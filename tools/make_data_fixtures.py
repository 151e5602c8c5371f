#!/usr/bin/env python3
"""Tiny pickles in every format erc-data reads, in three flavours, plus what Python reads back from each.

Flavours:
  py2  protocol-2 pickles as Python 2 writes them: str as BINSTRING (latin-1 bytes), sets as __builtin__.set,
       numpy arrays via numpy.core.multiarray._reconstruct with their data as a str  (run with numpy 1.x)
  np1  protocol 4, numpy 1.x  (numpy.core.multiarray._reconstruct)
  np2  protocols 4 and 5, numpy 2.x  (numpy._core.multiarray._reconstruct, and numpy._core.numeric._frombuffer)
Each fixture NAME.pkl comes with NAME.expected.json: the format, the ids, lengths, speakers, labels, sentences,
dimensions and per-dialogue feature sums of every split, as Python sees them.

Usage: tools/make_data_fixtures.sh (runs this with the interpreters that have numpy 1.x and 2.x)
       python3 tools/make_data_fixtures.py FLAVOUR [OUT_DIR]
       python3 tools/make_data_fixtures.py fullsize FILE   (a full-size IEMOCAP_features.pkl for the load benchmark:
                                                          151 dialogues, 7433 utterances x 2024 floats, py2 style)
"""
import hashlib
import io
import json
import os
import pathlib
import pickle
import struct
import sys

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "erc-data/src/test/resources/fixtures/data"


class Py2Pickler(pickle._Pickler):
    """Writes str and bytes the way Python 2 wrote its str: SHORT_BINSTRING / BINSTRING of latin-1 bytes."""
    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj):
        data = obj.encode("latin-1") if isinstance(obj, str) else bytes(obj)
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    dispatch[str] = save_py2_str
    dispatch[bytes] = save_py2_str


def dump(obj, path, flavour, protocol):
    if flavour == "py2":
        buf = io.BytesIO()
        Py2Pickler(buf, protocol=2, fix_imports=True).dump(obj)
        path.write_bytes(buf.getvalue())
    else:
        path.write_bytes(pickle.dumps(obj, protocol=protocol))


def dialogues(rng, ids, lengths, n_labels, speaker, dims, two_d_for=(), f64_for=()):
    cols = {"speakers": {}, "labels": {}, "sentences": {}, "features": {m: {} for m in dims}}
    words = ["yes", "no", "well", "caf\xe9", "don\x92t", "oh", "really", "fine"]
    for i, (vid, n) in enumerate(zip(ids, lengths)):
        cols["speakers"][vid] = [speaker(j) for j in range(n)]
        cols["labels"][vid] = [int(rng.integers(0, n_labels)) for _ in range(n)]
        cols["sentences"][vid] = [" ".join(rng.choice(words, 3)) for _ in range(n)]
        for m, d in dims.items():
            dtype = np.float64 if m in f64_for else np.float32
            arr = rng.standard_normal((n, d)).astype(dtype)
            cols["features"][m][vid] = arr if m in two_d_for else [row for row in arr]
    return cols


def expected(fmt, cols, splits, dims, feature_order):
    out = {"format": fmt, "dimensions": dims, "splits": {}}
    for split, ids in splits.items():
        ds = []
        for vid in sorted(str(i) for i in ids):
            key = next(k for k in cols["labels"] if str(k) == vid)
            feats = {}
            for m, parts in feature_order.items():
                rows = [np.concatenate([np.asarray(cols["features"][p][key][j], dtype=np.float64) for p in parts])
                        for j in range(len(cols["labels"][key]))]
                feats[m] = {"sum": float(np.sum([np.sum(np.asarray(r, dtype=np.float32).astype(np.float64))
                                                 for r in rows])),
                            "first": float(np.float32(rows[0][0])), "last": float(np.float32(rows[-1][-1])),
                            # the whole array as the loader must give it: float32 little-endian, row after row
                            "sha256": hashlib.sha256(np.concatenate(rows).astype("<f4").tobytes()).hexdigest()}
            ds.append({"id": vid, "length": len(cols["labels"][key]), "labels": cols["labels"][key],
                       "speakers": [s if isinstance(s, str) else int(np.argmax(s)) for s in cols["speakers"][key]],
                       "sentences": cols["sentences"][key], "features": feats})
        out["splits"][split] = ds
    return out


def write(name, obj, exp, flavour, protocol=4):
    if os.environ.get("EXPECTED_ONLY"):  # refresh NAME.expected.json only (the pickles as committed)
        (OUT / f"{name}.expected.json").write_text(json.dumps(exp, indent=1, ensure_ascii=True))
        return
    dump(obj, OUT / f"{name}.pkl", flavour, protocol)
    (OUT / f"{name}.expected.json").write_text(json.dumps(exp, indent=1, ensure_ascii=True))
    print(f"wrote {name}.pkl ({(OUT / f'{name}.pkl').stat().st_size} bytes)")


def main(flavour):
    rng = np.random.default_rng({"py2": 1, "np1": 2, "np2": 3}[flavour])
    protocol = 2 if flavour == "py2" else 4
    # MMGCN / DialogueGCN IEMOCAP_features.pkl
    ids = ["Ses01F_impro01", "Ses01M_script02", "Ses02F_impro03", "Ses03M_impro05", "Ses05F_script01",
           "Ses05M_impro04", "Ses04F_impro02"]
    lengths = [3, 5, 2, 4, 6, 3, 4]
    dims = {"text": 10, "audio": 12, "visual": 7}
    c = dialogues(rng, ids, lengths, 6, lambda j: "MF"[j % 2], dims, two_d_for={"visual"}, f64_for={"audio"})
    train, test = ids[:5], ids[5:]
    obj = ({vid: [f"{vid}_{j}" for j in range(n)] for vid, n in zip(ids, lengths)}, c["speakers"], c["labels"],
           c["features"]["text"], c["features"]["audio"], c["features"]["visual"], c["sentences"],
           set(train) if flavour == "py2" else train, set(test) if flavour == "py2" else test)
    write(f"iemocap_features_{flavour}", obj,
          expected("IEMOCAP_FEATURES", c, {"train+valid": train, "test": test}, dims,
                   {"TEXT": ["text"], "AUDIO": ["audio"], "VISUAL": ["visual"]}), flavour, protocol)
    # COSMIC iemocap_features_roberta.pkl, joined to the same dialogues
    rdims = {"r1": 4, "r2": 4, "r3": 4, "r4": 4}
    r = dialogues(rng, ids, lengths, 6, lambda j: "MF"[j % 2], rdims)
    r["labels"] = c["labels"]
    obj = (r["speakers"], r["labels"], r["features"]["r1"], r["features"]["r2"], r["features"]["r3"],
           r["features"]["r4"], r["sentences"], ids[:4], ids[5:], ids[4:5])
    write(f"iemocap_roberta_{flavour}", obj,
          expected("COSMIC_IEMOCAP_ROBERTA", r, {"train": ids[:4], "valid": ids[4:5], "test": ids[5:]},
                   {"ROBERTA": 16}, {"ROBERTA": ["r1", "r2", "r3", "r4"]}), flavour,
          5 if flavour == "np2" else protocol)
    # MMGCN MELD_features_raw.pkl: int ids, one-hot speakers over 9
    mids = list(range(6))
    mlengths = [2, 4, 1, 3, 5, 2]
    mdims = {"text": 8, "audio": 6, "visual": 5}
    onehot = lambda j: [1 if k == (j * 3) % 9 else 0 for k in range(9)]
    m = dialogues(rng, mids, mlengths, 7, onehot, mdims)
    obj = ({i: [f"{i}_{j}" for j in range(n)] for i, n in zip(mids, mlengths)}, m["speakers"], m["labels"],
           m["features"]["text"], m["features"]["audio"], m["features"]["visual"], m["sentences"], mids[:4],
           mids[4:], {i: [0] * n for i, n in zip(mids, mlengths)})
    write(f"meld_features_{flavour}", obj,
          expected("MELD_FEATURES", m, {"train+valid": mids[:4], "test": mids[4:]}, mdims,
                   {"TEXT": ["text"], "AUDIO": ["audio"], "VISUAL": ["visual"]}), flavour, protocol)
    # COSMIC meld_features_roberta.pkl (11-tuple) and the transcript files
    mr = dialogues(rng, mids, mlengths, 7, onehot, {"r1": 3, "r2": 3, "r3": 3, "r4": 3})
    obj = (mr["speakers"], mr["labels"], {i: [0] * n for i, n in zip(mids, mlengths)}, mr["features"]["r1"],
           mr["features"]["r2"], mr["features"]["r3"], mr["features"]["r4"], mr["sentences"], mids[:3], mids[4:],
           mids[3:4])
    write(f"meld_roberta_{flavour}", obj,
          expected("COSMIC_MELD_ROBERTA", mr, {"train": mids[:3], "valid": mids[3:4], "test": mids[4:]},
                   {"ROBERTA": 12}, {"ROBERTA": ["r1", "r2", "r3", "r4"]}), flavour, protocol)
    obj = [c["speakers"], c["labels"], c["sentences"], ids[:4], ids[5:], ids[4:5]]
    write(f"iemocap_transcripts_{flavour}", obj,
          expected("COSMIC_IEMOCAP_TRANSCRIPTS", c, {"train": ids[:4], "valid": ids[4:5], "test": ids[5:]}, {}, {}),
          flavour, protocol)
    obj = [m["speakers"], m["labels"], {i: [0] * n for i, n in zip(mids, mlengths)}, m["sentences"], mids[:3],
           mids[4:], mids[3:4]]
    write(f"meld_transcripts_{flavour}", obj,
          expected("COSMIC_MELD_TRANSCRIPTS", m, {"train": mids[:3], "valid": mids[3:4], "test": mids[4:]}, {}, {}),
          flavour, protocol)


def fullsize(path):
    rng = np.random.default_rng(7433)
    ids = [f"Ses0{1 + i % 5}{'FM'[i % 2]}_dialogue{i:03d}" for i in range(151)]
    lengths = np.full(151, 7433 // 151)
    lengths[: 7433 - lengths.sum()] += 1
    dims = {"text": 100, "audio": 1582, "visual": 342}
    c = dialogues(rng, ids, lengths, 6, lambda j: "MF"[j % 2], dims)
    obj = ({vid: [f"{vid}_{j}" for j in range(n)] for vid, n in zip(ids, lengths)}, c["speakers"], c["labels"],
           c["features"]["text"], c["features"]["audio"], c["features"]["visual"], c["sentences"], set(ids[:120]),
           set(ids[120:]))
    dump(obj, pathlib.Path(path), "py2", 2)
    print(f"wrote {path}: {int(lengths.sum())} utterances")


if __name__ == "__main__":
    flavour = sys.argv[1]
    if flavour == "fullsize":
        fullsize(sys.argv[2])
        sys.exit(0)
    if len(sys.argv) > 2:
        OUT = pathlib.Path(sys.argv[2])
    major = int(np.__version__.split(".")[0])
    if (flavour == "np2") != (major >= 2):
        sys.exit(f"flavour {flavour} needs numpy {'2' if flavour == 'np2' else '1'}.x, this is {np.__version__}")
    OUT.mkdir(parents=True, exist_ok=True)
    main(flavour)
