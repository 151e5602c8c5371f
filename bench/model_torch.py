#!/usr/bin/env python3
"""Seconds per training epoch of the PyTorch reference (tools/pmf_erc_reference.py) on IEMOCAP-shaped data, with
the IEMOCAP preset's sizes, 2 threads: stage 1 for one modality pair (text + audio) and stage 2 (MFF + MAL).

Usage: python3 bench/model_torch.py [epochs]   (needs python3-torch; prints one line per stage, in seconds)
The data are random with synthetic IEMOCAP's shapes: 100 training dialogues of the same lengths as the Java run
(SyntheticDataset.iemocap(2024)'s, passed in bench/out/lengths.txt by bench/model.sh), text 100-d, audio 1582-d.
"""
import pathlib
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
import pmf_erc_reference as ref  # noqa: E402

torch.set_num_threads(2)
torch.manual_seed(0)
CONFIG = dict(ref.CONFIG, lstmHidden=100, gcnHidden=100, window=1, gruHidden=100, textHidden=100, heads=1,
              attentionHeads=1, attentionDim=128, fcHidden=100, pmfDropout=0.15, mffDropout=0.25,
              pmfDensity=2e-5, malDensity=2e-5)
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
lengths_file = pathlib.Path(__file__).resolve().parent / "out" / "lengths.txt"
lengths = [int(x) for x in lengths_file.read_text().split()]
classes, speakers, batch = 6, 2, 16
dialogues = [(torch.randn(n, 100), torch.randn(n, 1582), torch.randint(0, 2, (n,)), torch.randint(0, 6, (n,)))
             for n in lengths]


def batches():
    for i in range(0, len(dialogues), batch):
        part = dialogues[i:i + batch]
        ls = [len(d[3]) for d in part]
        T = max(ls)
        text = torch.zeros(len(part), T, 100)
        audio = torch.zeros(len(part), T, 1582)
        spk = torch.zeros(len(part), T, dtype=torch.long)
        lab = torch.full((len(part), T), -1)
        for j, (t, a, s, y) in enumerate(part):
            text[j, :len(y)], audio[j, :len(y)], spk[j, :len(y)], lab[j, :len(y)] = t, a, s, y
        yield text, audio, spk, lab, ls, torch.arange(T)[None, :] < torch.tensor(ls)[:, None]


pmf = ref.PairwiseFusion(100, 1582, speakers, classes, CONFIG)
opt = torch.optim.Adam(pmf.parameters(), lr=2e-4, weight_decay=4e-5)
pmf.train()
times = []
for _ in range(epochs):
    t0 = time.perf_counter()
    for text, audio, spk, lab, ls, mask in batches():
        opt.zero_grad()
        e = pmf.fuse(text, audio, spk, ls)
        ref.objective(pmf.logits(e), e, lab, mask, CONFIG["pmfDensity"]).backward()
        opt.step()
    times.append(time.perf_counter() - t0)
print(f"stage1 {min(times):.3f}")

mff = ref.MultipleFeaturesFusion(3, 200, 100, speakers, CONFIG)
mal = ref.MultimodalAttention(3 * 100 + 100, 100, 100, classes, CONFIG)
opt = torch.optim.Adam(list(mff.parameters()) + list(mal.parameters()), lr=1.5e-4, weight_decay=4e-5)
mff.train()
mal.train()
pair_cache = [[torch.randn(len(d[3]), 200) for _ in range(3)] for d in dialogues]
times = []
for _ in range(epochs):
    t0 = time.perf_counter()
    for k, (text, audio, spk, lab, ls, mask) in enumerate(batches()):
        T = text.shape[1]
        pairs = []
        for p in range(3):
            x = torch.zeros(len(ls), T, 200)
            for j in range(len(ls)):
                x[j, :ls[j]] = pair_cache[k * batch + j][p]
            pairs.append(x)
        opt.zero_grad()
        fused, h_va, h_bt, padding = mff(pairs, text, spk, ls)
        mm = mal.represent(fused, h_va, h_bt, padding)
        ref.objective(mal.logits(mm), mm, lab, mask, CONFIG["malDensity"]).backward()
        opt.step()
    times.append(time.perf_counter() - t0)
print(f"stage2 {min(times):.3f}")
