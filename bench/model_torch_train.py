#!/usr/bin/env python3
"""Trains the PyTorch reference with the Java recipe on the same synthetic data, for several seeds, and prints the
test weighted F1 of each (sklearn). Data: bench/out/synthetic-iemocap-2024.params written by
dev.erc.bench.ExportDataset. Recipe: SyntheticLearning's (lr 1e-3 both stages, the IEMOCAP preset otherwise,
best validation weighted F1 per stage).

With --standardize, every modality is z-scored per dimension with the training split's mean and population standard
deviation (constant dimensions keep scale 1), as the Java model does by default (batch.Standardizer).

Usage: python3 bench/model_torch_train.py DATA SEEDS PMF_EPOCHS MFF_EPOCHS [--standardize]
"""
import copy
import pathlib
import sys

import torch
from sklearn.metrics import f1_score, accuracy_score

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
import pmf_erc_reference as ref  # noqa: E402

torch.set_num_threads(2)
CONFIG = dict(ref.CONFIG, lstmHidden=100, gcnHidden=100, window=1, gruHidden=100, textHidden=100, heads=1,
              attentionHeads=1, attentionDim=128, fcHidden=100, pmfDropout=0.15, mffDropout=0.25,
              pmfDensity=2e-5, malDensity=2e-5)
LR, L2, BATCH, CLASSES, SPEAKERS = 1e-3, 2e-5, 16, 6, 2


def split(data, name):
    lengths = [int(x) for x in data[name + ".lengths"].tolist()]
    out, k = [], 0
    for n in lengths:
        d = {m: data[f"{name}.{m}"][k:k + n] for m in ("text", "audio", "visual")}
        d["speakers"] = data[name + ".speakers"][k:k + n].long()
        d["labels"] = data[name + ".labels"][k:k + n].long()
        out.append(d)
        k += n
    return out


def pad(dialogues, key, width=None):
    T = max(len(d["labels"]) for d in dialogues)
    if key in ("speakers", "labels"):
        x = torch.full((len(dialogues), T), 0 if key == "speakers" else -1, dtype=torch.long)
    else:
        x = torch.zeros(len(dialogues), T, width or dialogues[0][key].shape[1])
    for i, d in enumerate(dialogues):
        x[i, :len(d["labels"])] = d[key]
    return x


def batches(dialogues, shuffle, gen):
    order = torch.randperm(len(dialogues), generator=gen).tolist() if shuffle else list(range(len(dialogues)))
    for i in range(0, len(order), BATCH):
        part = [dialogues[j] for j in order[i:i + BATCH]]
        ls = [len(d["labels"]) for d in part]
        yield part, ls, torch.arange(max(ls))[None, :] < torch.tensor(ls)[:, None]


def score(predict, dialogues):
    gold, pred = [], []
    with torch.no_grad():
        for part, ls, mask in batches(dialogues, False, None):
            logits = predict(part, ls)
            lab = pad(part, "labels")
            gold += lab[mask].tolist()
            pred += logits.argmax(-1)[mask].tolist()
    return f1_score(gold, pred, average="weighted"), accuracy_score(gold, pred)


def train_stage(modules, forward, epochs, train, valid, density, gen):
    params = [p for m in modules for p in m.parameters()]
    opt = torch.optim.Adam(params, lr=LR, weight_decay=2 * L2)
    best, state = -1, None
    for _ in range(epochs):
        for m in modules:
            m.train()
        for part, ls, mask in batches(train, True, gen):
            opt.zero_grad()
            logits, rep = forward(part, ls)
            ref.objective(logits, rep, pad(part, "labels"), mask, density).backward()
            opt.step()
        for m in modules:
            m.eval()
        f1, _ = score(lambda p, l: forward(p, l)[0], valid)
        if f1 > best:
            best, state = f1, [copy.deepcopy(m.state_dict()) for m in modules]
    for m, s in zip(modules, state):
        m.load_state_dict(s)
        m.eval()
    return best


def standardize(train, others):
    """Z-scores every modality with the statistics of train (in double, like the Java side)."""
    for m in ("text", "audio", "visual"):
        x = torch.cat([d[m] for d in train]).double()
        mean, std = x.mean(0), x.std(0, unbiased=False)
        std[std == 0] = 1.0
        for d in train + others:
            d[m] = ((d[m].double() - mean.float().double()) / std.float().double()).float()


def run(data, seed, e1, e2, standardized=False):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    train, valid, test = split(data, "train"), split(data, "valid"), split(data, "test")
    if standardized:
        standardize(train, valid + test)
    dims = {m: train[0][m].shape[1] for m in ("text", "audio", "visual")}
    pairs = [("visual", "audio"), ("text", "audio"), ("text", "visual")]
    encoders = []
    for a, b in pairs:
        enc = ref.PairwiseFusion(dims[a], dims[b], SPEAKERS, CLASSES, CONFIG)

        def fwd(part, ls, enc=enc, a=a, b=b):
            e = enc.fuse(pad(part, a), pad(part, b), pad(part, "speakers"), ls)
            return enc.logits(e), e
        train_stage([enc], fwd, e1, train, valid, CONFIG["pmfDensity"], gen)
        encoders.append((enc, a, b))
    with torch.no_grad():
        for d in train + valid + test:
            d["pairs"] = [enc.fuse(d[a][None], d[b][None], d["speakers"][None], [len(d["labels"])])[0]
                          for enc, a, b in encoders]
    mff = ref.MultipleFeaturesFusion(3, 200, dims["text"], SPEAKERS, CONFIG)
    mal = ref.MultimodalAttention(400, 100, 100, CLASSES, CONFIG)

    def fwd2(part, ls):
        pairs_t = []
        for p in range(3):
            x = torch.zeros(len(part), max(ls), 200)
            for i, d in enumerate(part):
                x[i, :ls[i]] = d["pairs"][p]
            pairs_t.append(x)
        fused, h_va, h_bt, padding = mff(pairs_t, pad(part, "text"), pad(part, "speakers"), ls)
        mm = mal.represent(fused, h_va, h_bt, padding)
        return mal.logits(mm), mm
    train_stage([mff, mal], fwd2, e2, train, valid, CONFIG["malDensity"], gen)
    return score(lambda p, l: fwd2(p, l)[0], test)


if __name__ == "__main__":
    data = ref.read_params(sys.argv[1])
    for seed in range(1, int(sys.argv[2]) + 1):
        f1, acc = run(data, seed, int(sys.argv[3]), int(sys.argv[4]), "--standardize" in sys.argv[5:])
        print(f"seed {seed} reference weighted F1 {f1:.4f} accuracy {acc:.4f}", flush=True)
