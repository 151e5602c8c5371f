#!/usr/bin/env python3
"""A PyTorch reference of erc-model's PMF-ERC network, module for module and name for name.

Used for (1) parity fixtures: with the reference's initial weights, one forward and backward pass of stage 1
(PairwiseFusion) and stage 2 (MultipleFeaturesFusion + MultimodalAttention) must match Java to 1e-4; and (2) speed and
learning comparisons (bench/model_torch.py). CI never runs it.

Usage: /usr/bin/python3 tools/pmf_erc_reference.py   (writes erc-model/src/test/resources/fixtures/model/*.json, and
the production-size stage1_h100 / stage2_h100 as .json headers with .bin data)
"""
import json
import math
import pathlib

import torch
from torch import nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = pathlib.Path(__file__).resolve().parent.parent / "erc-model/src/test/resources/fixtures/model"


def run_rnn(rnn, x, lengths):
    packed = pack_padded_sequence(x, torch.as_tensor(lengths), batch_first=True, enforce_sorted=False)
    out, _ = rnn(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    return out


def edge_mask(lengths, max_len, channels, window, gamma):
    """Eqs. 3-4's structure: intra-channel edges within the window (no self-loops), inter-channel edges at the same
    utterance weighted gamma, nothing at padding. [batch, K*T, K*T]."""
    idx = torch.arange(max_len)
    valid = idx[None, :] < torch.as_tensor(lengths)[:, None]                       # [B, T]
    both = valid[:, :, None] & valid[:, None, :]                                    # [B, T, T]
    near = (idx[:, None] - idx[None, :]).abs() <= (window if window >= 0 else max_len)
    intra = (both & near & (idx[:, None] != idx[None, :])).float()
    inter = (both & (idx[:, None] == idx[None, :])).float() * gamma
    rows = [torch.cat([intra if c1 == c2 else inter for c2 in range(channels)], 2) for c1 in range(channels)]
    return torch.cat(rows, 1)


def normalized_adjacency(nodes, mask):
    """Eqs. 3-5: angular similarity of the nodes where the mask allows, then D^-1/2 (A + I) D^-1/2."""
    u = nodes / nodes.norm(dim=-1, keepdim=True).clamp_min(1e-8)
    cos = torch.bmm(u, u.transpose(1, 2)).clamp(-1 + 1e-6, 1 - 1e-6)
    a = (1 - torch.acos(cos) / math.pi) * mask + torch.eye(nodes.shape[1])
    d = a.sum(-1).pow(-0.5)
    return d.unsqueeze(-1) * a * d.unsqueeze(-2)


def per_utterance(h, channels):
    b, n, g = h.shape
    return h.reshape(b, channels, n // channels, g).permute(0, 2, 1, 3).reshape(b, n // channels, channels * g)


class GraphConvolution(nn.Module):
    def __init__(self, fin, fout):
        super().__init__()
        bound = 1 / math.sqrt(fout)
        self.weight = nn.Parameter(torch.empty(fin, fout).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(fout).uniform_(-bound, bound))

    def forward(self, x, adj):
        return adj @ (x @ self.weight) + self.bias


class SpectralGcn(nn.Module):
    def __init__(self, fin, hidden, fout, dropout):
        super().__init__()
        self.gc1 = GraphConvolution(fin, hidden)
        self.gc2 = GraphConvolution(hidden, fout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, adj):
        return self.gc2(self.dropout(F.relu(self.gc1(x, adj))), adj)


class PairwiseFusion(nn.Module):
    def __init__(self, d1, d2, speakers, classes, c):
        super().__init__()
        h = c["lstmHidden"]
        self.encoder1 = nn.LSTM(d1, h, bidirectional=True, batch_first=True)
        self.encoder2 = nn.LSTM(d2, h, bidirectional=True, batch_first=True)
        self.speakerEmbedding = nn.Embedding(speakers, 2 * h)
        self.gcn = SpectralGcn(2 * h, c["gcnHidden"], c["gcnHidden"], c["pmfDropout"])
        self.dropout = nn.Dropout(c["pmfDropout"])
        self.head = nn.Linear(2 * c["gcnHidden"], classes)
        self.c = c

    def fuse(self, x1, x2, speakers, lengths):
        l1 = run_rnn(self.encoder1, self.dropout(x1), lengths)
        l2 = run_rnn(self.encoder2, self.dropout(x2), lengths)
        s = self.speakerEmbedding(speakers)
        nodes = torch.cat([l1 + s, l2 + s], 1)
        mask = edge_mask(lengths, x1.shape[1], 2, self.c["window"], self.c["gamma"])
        return per_utterance(self.gcn(nodes, normalized_adjacency(nodes, mask)), 2)

    def logits(self, e):
        return self.head(self.dropout(e))


class MultipleFeaturesFusion(nn.Module):
    def __init__(self, pairs, pair_size, text_size, speakers, c):
        super().__init__()
        self.gru1 = nn.GRU(pair_size, c["gruHidden"], batch_first=True)
        self.speakerEmbedding = nn.Embedding(speakers, c["gruHidden"])
        self.gcn = SpectralGcn(c["gruHidden"], c["gcnHidden"], c["gcnHidden"], c["mffDropout"])
        self.gru2 = nn.GRU(text_size, c["textHidden"], batch_first=True)
        for i in range(c["transformerLayers"]):
            setattr(self, f"transformer{i}", nn.TransformerEncoderLayer(
                c["textHidden"], c["heads"], 4 * c["textHidden"], c["mffDropout"], batch_first=True))
        self.dropout = nn.Dropout(c["mffDropout"])
        self.pairs, self.c = pairs, c

    def forward(self, pair_features, text, speakers, lengths):
        h = [run_rnn(self.gru1, self.dropout(e), lengths) for e in pair_features]
        s = self.speakerEmbedding(speakers)
        nodes = torch.cat([x + s for x in h], 1)
        mask = edge_mask(lengths, text.shape[1], self.pairs, self.c["window"], self.c["gamma"])
        vat = per_utterance(self.gcn(nodes, normalized_adjacency(nodes, mask)), self.pairs)
        h_bt = run_rnn(self.gru2, self.dropout(text), lengths)
        padding = torch.arange(text.shape[1])[None, :] >= torch.as_tensor(lengths)[:, None]
        e_bt = h_bt
        for i in range(self.c["transformerLayers"]):
            e_bt = getattr(self, f"transformer{i}")(e_bt, src_key_padding_mask=padding)
        return torch.cat([vat, e_bt], -1), h[0], h_bt, padding


class MultimodalAttention(nn.Module):
    def __init__(self, fused, hva, hbt, classes, c):
        super().__init__()
        for i in range(c["attentionLayers"]):
            width = fused if i == 0 else c["attentionDim"] + hva
            heads = c["attentionHeads"] if width % c["attentionHeads"] == 0 else 1
            setattr(self, f"att{i}", nn.MultiheadAttention(width, heads, dropout=c["mffDropout"], batch_first=True))
            setattr(self, f"norm{i}", nn.LayerNorm(width))
            setattr(self, f"proj{i}", nn.Linear(width, c["attentionDim"]))
        self.fc1 = nn.Linear(c["attentionDim"] + hbt, c["fcHidden"])
        self.fc2 = nn.Linear(c["fcHidden"], classes)
        self.dropout = nn.Dropout(c["mffDropout"])
        self.c = c

    def represent(self, fused, h_va, h_bt, padding):
        x = fused
        for i in range(self.c["attentionLayers"]):
            inp = x if i == 0 else torch.cat([x, h_va], -1)
            att, _ = getattr(self, f"att{i}")(inp, inp, inp, key_padding_mask=padding, need_weights=False)
            x = getattr(self, f"proj{i}")(getattr(self, f"norm{i}")(inp + self.dropout(att)))
        return torch.cat([x, h_bt], -1)

    def logits(self, mm):
        return self.fc2(self.dropout(F.relu(self.fc1(self.dropout(mm)))))


def objective(logits, rep, labels, mask, density):
    """Cross-entropy over real, labelled utterances + density * per-utterance L1 of the representation."""
    valid = mask & (labels >= 0)
    ce = F.cross_entropy(logits[valid], labels[valid])
    return ce + density * (rep * mask[..., None]).abs().sum() / mask.sum()


CONFIG = {"lstmHidden": 4, "gcnHidden": 4, "window": 2, "gamma": 0.7, "pmfDropout": 0.0, "gruHidden": 5,
          "textHidden": 6, "heads": 2, "transformerLayers": 1, "attentionLayers": 2, "attentionHeads": 2,
          "attentionDim": 8, "fcHidden": 5, "mffDropout": 0.0, "pmfDensity": 0.01, "malDensity": 0.01}


def t(x):
    x = x.detach().to(torch.float32).contiguous()
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def bias_everything(module):
    """Non-zero biases everywhere (PyTorch zero-initialises attention biases), so their gradients are tested."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "bias" in name and float(p.abs().sum()) == 0:
                p.uniform_(-0.2, 0.2)


def fixtures():
    torch.manual_seed(6)
    lengths = [6, 4, 2]
    b, T, classes, speakers = 3, 6, 6, 2
    dims = {"text": 5, "audio": 7, "visual": 4}
    x = {m: torch.randn(b, T, d) for m, d in dims.items()}
    for m in x:
        for i, n in enumerate(lengths):
            x[m][i, n:] = 0
    spk = torch.tensor([[j % 2 for j in range(T)] for _ in range(b)])
    labels = torch.randint(0, classes, (b, T))
    mask = torch.arange(T)[None, :] < torch.tensor(lengths)[:, None]
    spk[~mask] = 0  # as DialogueBatch pads
    labels[~mask] = -1
    labels[0, 1] = -1  # an unlabelled utterance
    common = {"lengths": lengths, "speakers": spk.reshape(-1).tolist(), "labels": labels.reshape(-1).tolist(),
              "config": CONFIG}

    pmf = PairwiseFusion(dims["visual"], dims["audio"], speakers, classes, CONFIG)
    bias_everything(pmf)
    pmf.train()
    init = {n: t(p) for n, p in pmf.named_parameters()}
    e = pmf.fuse(x["visual"], x["audio"], spk, lengths)
    logits = pmf.logits(e)
    loss = objective(logits, e, labels, mask, CONFIG["pmfDensity"])
    loss.backward()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "stage1.json").write_text(json.dumps({
        **common, "params": init, "inputs": {"visual": t(x["visual"]), "audio": t(x["audio"])},
        "outputs": {"fused": t(e), "logits": t(logits), "loss": float(loss)},
        "grads": {n: t(p.grad) for n, p in pmf.named_parameters()}}, separators=(",", ":")))

    pair_size = 2 * CONFIG["gcnHidden"]
    pairs = [torch.randn(b, T, pair_size) for _ in range(3)]
    mff = MultipleFeaturesFusion(3, pair_size, dims["text"], speakers, CONFIG)
    mal = MultimodalAttention(3 * CONFIG["gcnHidden"] + CONFIG["textHidden"], CONFIG["gruHidden"],
                              CONFIG["textHidden"], classes, CONFIG)
    bias_everything(mff)
    bias_everything(mal)
    mff.train()
    mal.train()
    params = {**{"mff." + n: p for n, p in mff.named_parameters()}, **{"mal." + n: p for n, p in mal.named_parameters()}}
    init = {n: t(p) for n, p in params.items()}
    fused, h_va, h_bt, padding = mff(pairs, x["text"], spk, lengths)
    mm = mal.represent(fused, h_va, h_bt, padding)
    logits = mal.logits(mm)
    loss = objective(logits, mm, labels, mask, CONFIG["malDensity"])
    loss.backward()
    (OUT / "stage2.json").write_text(json.dumps({
        **common, "params": init, "inputs": {"text": t(x["text"]), **{f"pair{i}": t(p) for i, p in enumerate(pairs)}},
        "outputs": {"logits": t(logits), "loss": float(loss)},
        "grads": {n: t(p.grad) for n, p in params.items()}}, separators=(",", ":")))
    print("wrote", OUT / "stage1.json", OUT / "stage2.json")


def read_params(path):
    """Reads erc-model's ParameterFile format (big-endian): name -> tensor."""
    import struct
    import zlib  # noqa: F401  (CRC-32C is not in the standard library; the Java side checks it)
    data = pathlib.Path(path).read_bytes()
    assert data[:8] == b"ERCPARAM", "not a parameter file"
    version, count = struct.unpack(">ii", data[8:16])
    pos, out = 16, {}
    for _ in range(count):
        (n,) = struct.unpack(">i", data[pos:pos + 4])
        name = data[pos + 4:pos + 4 + n].decode()
        pos += 4 + n
        (rank,) = struct.unpack(">i", data[pos:pos + 4])
        shape = struct.unpack(f">{rank}i", data[pos + 4:pos + 4 + 4 * rank])
        pos += 4 + 4 * rank
        size = 1
        for s in shape:
            size *= s
        import numpy as np
        out[name] = torch.from_numpy(np.frombuffer(data, dtype=">f4", count=size, offset=pos).astype(np.float32)
                                     .reshape(shape).copy())
        pos += 4 * size
    return out


# --- Production-size stage fixtures -----------------------------------------------------------------------------
# The model's own widths (IEMOCAP preset: hidden 100 everywhere, attention 128, one head, densities 2e-5) over three
# dialogues of 24, 9 and 17 utterances (longer than the widest vector). Parameters and inputs are drawn from
# SplitMix64 streams seeded with the CRC-32 of their names (make_layer_fixtures.drawn; Fixture.uniform in Java), so
# only outputs and gradients are stored, as float32 in a .bin beside the .json header.

CONFIG_H100 = {"lstmHidden": 100, "gcnHidden": 100, "window": 1, "gamma": 0.7, "pmfDropout": 0.0, "gruHidden": 100,
               "textHidden": 100, "heads": 1, "transformerLayers": 1, "attentionLayers": 2, "attentionHeads": 1,
               "attentionDim": 128, "fcHidden": 100, "mffDropout": 0.0, "pmfDensity": 2e-5, "malDensity": 2e-5}
PARAM_BOUND = 0.1
SAMPLE_CAP = 20000  # gradient values stored per parameter at most (see large_fixtures.sampled)


def large_fixtures():
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    from make_layer_fixtures import drawn

    lengths = [24, 9, 17]
    b, T, classes, speakers = 3, 24, 6, 2
    dims = {"text": 100, "audio": 100, "visual": 64}
    mask = torch.arange(T)[None, :] < torch.tensor(lengths)[:, None]
    spk = torch.tensor([[(j * j + i) % 2 for j in range(T)] for i in range(b)])
    labels = torch.tensor([[(7 * i + 3 * j + j // 5) % classes for j in range(T)] for i in range(b)])
    spk[~mask] = 0
    labels[~mask] = -1
    labels[0, 1] = -1
    recipe = {}

    def draw_input(name, shape):
        recipe[name] = {"shape": list(shape), "bound": 1.0}
        return drawn(name, shape, 1.0)

    x = {m: draw_input(m, (b, T, d)) for m, d in dims.items()}
    for m in x:
        x[m][~mask] = 0  # DialogueBatch pads with zeros
    pair_size = 2 * CONFIG_H100["gcnHidden"]
    pairs = [draw_input(f"pair{i}", (b, T, pair_size)) for i in range(3)]

    def set_params(named):
        with torch.no_grad():
            for n, p in named:
                p.copy_(drawn(n, tuple(p.shape), PARAM_BOUND))

    def write(name, outputs, loss, params):
        blob = bytearray()

        def put(v):
            v = v.detach().to(torch.float32).contiguous()
            entry = {"shape": list(v.shape), "offset": len(blob) // 4}
            blob.extend(v.numpy().astype("<f4").tobytes())
            return entry

        def sampled(g):
            """A gradient of more than SAMPLE_CAP values is stored as every stride-th value (the stride co-prime to
            the row length, so the sample walks across all columns and gate blocks) plus the whole tensor's norm:
            MAL's 400-wide attention alone would otherwise put 2.5 MB in the repository."""
            flat = g.detach().to(torch.float32).reshape(-1)
            if flat.numel() <= SAMPLE_CAP:
                return put(g)
            row = g.shape[-1]
            stride = -(-flat.numel() // SAMPLE_CAP)
            while math.gcd(stride, row) != 1:
                stride += 1
            entry = put(flat[::stride])
            entry.update({"shape": list(g.shape), "stride": stride, "norm": float(flat.double().norm())})
            return entry

        header = {"torch": torch.__version__, "bin": f"{name}.bin", "bound": PARAM_BOUND, "config": CONFIG_H100,
                  "dims": dims, "lengths": lengths, "speakers": spk.reshape(-1).tolist(),
                  "labels": labels.reshape(-1).tolist(), "drawn": recipe, "loss": float(loss),
                  "outputs": {k: put(v) for k, v in outputs.items()},
                  "grads": {n: sampled(p.grad) for n, p in params}}
        (OUT / f"{name}.bin").write_bytes(bytes(blob))
        (OUT / f"{name}.json").write_text(json.dumps(header, separators=(",", ":")))
        print(f"wrote {name}.json + {name}.bin ({len(blob)} bytes)")

    torch.manual_seed(0)
    pmf = PairwiseFusion(dims["visual"], dims["audio"], speakers, classes, CONFIG_H100)
    set_params(pmf.named_parameters())
    pmf.train()
    e = pmf.fuse(x["visual"], x["audio"], spk, lengths)
    logits = pmf.logits(e)
    loss = objective(logits, e, labels, mask, CONFIG_H100["pmfDensity"])
    loss.backward()
    write("stage1_h100", {"fused": e, "logits": logits}, loss, list(pmf.named_parameters()))

    mff = MultipleFeaturesFusion(3, pair_size, dims["text"], speakers, CONFIG_H100)
    mal = MultimodalAttention(3 * CONFIG_H100["gcnHidden"] + CONFIG_H100["textHidden"], CONFIG_H100["gruHidden"],
                              CONFIG_H100["textHidden"], classes, CONFIG_H100)
    params = [("mff." + n, p) for n, p in mff.named_parameters()] + [("mal." + n, p) for n, p in mal.named_parameters()]
    set_params(params)
    mff.train()
    mal.train()
    fused, h_va, h_bt, padding = mff(pairs, x["text"], spk, lengths)
    mm = mal.represent(fused, h_va, h_bt, padding)
    logits = mal.logits(mm)
    loss = objective(logits, mm, labels, mask, CONFIG_H100["malDensity"])
    loss.backward()
    write("stage2_h100", {"logits": logits}, loss, params)


if __name__ == "__main__":
    fixtures()
    large_fixtures()
