#!/usr/bin/env python3
"""Golden fixtures for erc-model's layers and optimisers, computed with PyTorch (CPU).

For each layer: its parameters, inputs, a random projection R, the outputs, and the gradients of
loss = sum(output * R) (+ sum(h_n * R_h) for recurrent layers) with respect to every parameter and input.
For the optimisers: parameters after each of several steps. Written as JSON, one file per case, under
erc-model/src/test/resources/fixtures/nn/. Tensors are {"shape": [...], "data": [...]} with float32 values.

Usage (needs python3-torch: apt-get install -y python3-torch):  /usr/bin/python3 tools/make_layer_fixtures.py
CI never runs this; the fixtures are committed.
"""
import json
import pathlib
import zlib

import numpy as np

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = pathlib.Path(__file__).resolve().parent.parent / "erc-model/src/test/resources/fixtures/nn"
torch.manual_seed(20241127)


def t(x):
    x = x.detach().to(torch.float32).contiguous()
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def write(name, **sections):
    payload = {"torch": torch.__version__, **sections}
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(payload, separators=(",", ":")))
    print(f"wrote {path.relative_to(OUT.parent.parent.parent.parent.parent)} ({path.stat().st_size} bytes)")


def layer_case(name, module, inputs, forward, extra=None):
    """inputs: dict name -> tensor (float ones get requires_grad); forward(module, inputs) -> dict of outputs."""
    for v in inputs.values():
        if v.dtype.is_floating_point:
            v.requires_grad_(True)
    outs = forward(module, inputs)
    projections = {f"r_{k}": torch.randn_like(v) for k, v in outs.items()}
    loss = sum((v * projections[f"r_{k}"]).sum() for k, v in outs.items())
    loss.backward()
    params = {n: t(p) for n, p in module.named_parameters()}
    grads = {n: t(p.grad) for n, p in module.named_parameters()}
    grads.update({n: t(v.grad) for n, v in inputs.items() if v.dtype.is_floating_point})
    write(name,
          params=params,
          inputs={**{n: t(v) for n, v in inputs.items() if v.dtype.is_floating_point},
                  **{n: t(v) for n, v in projections.items()}},
          ints={n: v.reshape(-1).tolist() for n, v in inputs.items() if not v.dtype.is_floating_point},
          outputs={n: t(v) for n, v in outs.items()},
          grads=grads,
          meta=extra or {})


def packed_forward(max_len):
    """The recurrent layer over a padded batch with lengths, as the model runs it: output padded back, h_n."""
    def fwd(m, i):
        packed = pack_padded_sequence(i["x"], i["lengths"], batch_first=True, enforce_sorted=False)
        out, state = m(packed)
        h_n = state[0] if isinstance(state, tuple) else state
        padded, _ = pad_packed_sequence(out, batch_first=True, total_length=max_len)
        return {"output": padded, "h_n": h_n}
    return fwd


def rnn_case(name, cls, layers, bidirectional, lengths):
    batch, max_len, inp, hidden = len(lengths), max(lengths), 5, 4
    module = cls(inp, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    x = torch.randn(batch, max_len, inp)
    lens = torch.tensor(lengths)
    layer_case(name, module, {"x": x, "lengths": lens}, packed_forward(max_len),
               {"layers": layers, "bidirectional": bidirectional, "hidden": hidden, "input": inp})


def gcn_case():
    batch, nodes, fin, fout = 2, 5, 6, 3
    weight = nn.Parameter(torch.empty(fin, fout).uniform_(-0.5, 0.5))
    bias = nn.Parameter(torch.empty(fout).uniform_(-0.5, 0.5))
    module = nn.Module()
    module.weight, module.bias = weight, bias
    x = torch.randn(batch, nodes, fin)
    a = torch.rand(batch, nodes, nodes)
    a[1, 4, :] = 0  # a padded node: no edges
    a[1, :, 4] = 0

    def fwd(m, i):
        adj = i["adjacency"] + torch.eye(nodes)
        d = adj.sum(-1).pow(-0.5)
        norm = d.unsqueeze(-1) * adj * d.unsqueeze(-2)
        return {"output": norm @ (i["x"] @ m.weight) + m.bias}

    layer_case("gcn", module, {"x": x, "adjacency": a}, fwd, {"in": fin, "out": fout})


def attention_cases():
    batch, length, embed, heads = 2, 5, 8, 2
    mask = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
    mha = nn.MultiheadAttention(embed, heads, dropout=0.0, batch_first=True)
    with torch.no_grad():  # non-zero biases so that their gradients are tested
        mha.in_proj_bias.uniform_(-0.2, 0.2)
        mha.out_proj.bias.uniform_(-0.2, 0.2)
    mha.train()
    layer_case("mha", mha, {"x": torch.randn(batch, length, embed), "mask": mask.to(torch.int64)},
               lambda m, i: {"output": m(i["x"], i["x"], i["x"], key_padding_mask=i["mask"].bool(),
                                         need_weights=False)[0]},
               {"embed": embed, "heads": heads})
    enc = nn.TransformerEncoderLayer(embed, heads, dim_feedforward=16, dropout=0.0, batch_first=True)
    with torch.no_grad():
        enc.self_attn.in_proj_bias.uniform_(-0.2, 0.2)
        enc.norm1.weight.uniform_(0.5, 1.5)
        enc.norm2.bias.uniform_(-0.2, 0.2)
    enc.train()  # train mode (dropout 0) keeps PyTorch off its fused inference path
    layer_case("transformer", enc, {"x": torch.randn(batch, length, embed), "mask": mask.to(torch.int64)},
               lambda m, i: {"output": m(i["x"], src_key_padding_mask=i["mask"].bool())},
               {"embed": embed, "heads": heads, "ff": 16})


def simple_cases():
    layer_case("linear", nn.Linear(7, 5), {"x": torch.randn(3, 4, 7)}, lambda m, i: {"output": m(i["x"])})
    layer_case("embedding", nn.Embedding(10, 6), {"ids": torch.tensor([3, 1, 3, 9])},
               lambda m, i: {"output": m(i["ids"])})
    norm = nn.LayerNorm(7)
    with torch.no_grad():
        norm.weight.uniform_(0.5, 1.5)
        norm.bias.uniform_(-0.5, 0.5)
    layer_case("layernorm", norm, {"x": torch.randn(3, 7) * 3 + 1}, lambda m, i: {"output": m(i["x"])})


def optimizer_cases():
    """Several steps on loss = sum(c * p^2) + sum(d * p); the parameters after each step."""
    for name, make in [
        ("adam", lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)),
        ("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ]:
        p1 = nn.Parameter(torch.randn(5))
        p2 = nn.Parameter(torch.randn(3, 2))
        c1, d1 = torch.rand(5) + 0.5, torch.randn(5)
        c2, d2 = torch.rand(3, 2) + 0.5, torch.randn(3, 2)
        init = {"p1": t(p1), "p2": t(p2)}
        opt = make([p1, p2])
        steps = []
        for _ in range(6):
            opt.zero_grad()
            loss = (c1 * p1 * p1).sum() + (d1 * p1).sum() + (c2 * p2 * p2).sum() + (d2 * p2).sum()
            loss.backward()
            opt.step()
            steps.append({"p1": t(p1), "p2": t(p2)})
        write(name, params=init, inputs={"c1": t(c1), "d1": t(d1), "c2": t(c2), "d2": t(d2)}, steps=steps,
              meta={"optimizer": name, **{k: v for k, v in opt.defaults.items() if k in
                                           ("lr", "eps", "weight_decay")},
                    "beta1": opt.defaults["betas"][0], "beta2": opt.defaults["betas"][1]})
    g1, g2 = torch.randn(5) * 3, torch.randn(3, 2) * 3
    p1, p2 = nn.Parameter(torch.zeros(5)), nn.Parameter(torch.zeros(3, 2))
    p1.grad, p2.grad = g1.clone(), g2.clone()
    total = torch.nn.utils.clip_grad_norm_([p1, p2], max_norm=1.5)
    write("clip", inputs={"g1": t(g1), "g2": t(g2)}, outputs={"g1": t(p1.grad), "g2": t(p2.grad)},
          meta={"max_norm": 1.5, "total_norm": float(total)})


# --- Production-size cases -------------------------------------------------------------------------------------
# The model runs at hidden 100 over dialogues of dozens of utterances: these cases use those sizes, so the Vector API
# cell and row kernels run their vector loops (100 = 6 x 16 + 4 lanes at 512 bits) and not only their scalar tails.
# Parameters, inputs and projections are not stored: both sides draw them from SplitMix64 streams seeded with the
# CRC-32 of the tensor's name (Fixture.uniform on the Java side), so only outputs and gradients are written, as
# float32 little-endian in a .bin file beside the .json header.

def splitmix_uniform(name, n, bound):
    """n floats, uniform in [-bound, bound), from SplitMix64 seeded with crc32(name); exact in float32."""
    mask = (1 << 64) - 1
    state = zlib.crc32(name.encode()) & mask
    out = np.empty(n, dtype=np.float64)
    for i in range(n):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        out[i] = (z >> 40) * 2.0 ** -24
    return torch.from_numpy(((out * 2.0 - 1.0) * bound).astype(np.float32))


def drawn(name, shape, bound):
    n = 1
    for d in shape:
        n *= d
    return splitmix_uniform(name, n, bound).reshape(shape)


def large_case(name, module, drawn_inputs, ints, forward, bound, extra):
    """Like layer_case, with parameters, float inputs and projections drawn (not stored; their shapes and bounds go in
    the header's "drawn") and outputs and gradients in a .bin file. drawn_inputs: name -> (shape, bound)."""
    with torch.no_grad():
        for n, p in module.named_parameters():
            p.copy_(drawn(n, tuple(p.shape), bound))
    recipe = dict(drawn_inputs)
    inputs = {n: drawn(n, shape, b).requires_grad_(True) for n, (shape, b) in drawn_inputs.items()}
    outs = forward(module, {**inputs, **ints})
    projections = {}
    for k, v in outs.items():
        recipe["r_" + k] = (tuple(v.shape), 1.0)
        projections[k] = drawn("r_" + k, tuple(v.shape), 1.0)
    loss = sum((v * projections[k]).sum() for k, v in outs.items())
    loss.backward()
    blob = bytearray()

    def put(x):
        x = x.detach().to(torch.float32).contiguous()
        entry = {"shape": list(x.shape), "offset": len(blob) // 4}
        blob.extend(x.numpy().astype("<f4").tobytes())
        return entry

    header = {"torch": torch.__version__, "bin": f"{name}.bin", "bound": bound,
              "drawn": {n: {"shape": list(shape), "bound": b} for n, (shape, b) in recipe.items()},
              "ints": {n: v.reshape(-1).tolist() for n, v in ints.items()},
              "outputs": {n: put(v) for n, v in outs.items()},
              "grads": {**{n: put(p.grad) for n, p in module.named_parameters()},
                        **{n: put(v.grad) for n, v in inputs.items()}},
              "meta": extra}
    (OUT / f"{name}.bin").write_bytes(bytes(blob))
    (OUT / f"{name}.json").write_text(json.dumps(header, separators=(",", ":")))
    print(f"wrote {name}.json + {name}.bin ({len(blob)} bytes)")


def large_rnn_case(name, cls, lengths, inp=100, hidden=100):
    module = cls(inp, hidden, num_layers=1, bidirectional=True, batch_first=True)
    large_case(name, module, {"x": ((len(lengths), max(lengths), inp), 1.0)}, {"lengths": torch.tensor(lengths)},
               packed_forward(max(lengths)), hidden ** -0.5,
               {"layers": 1, "bidirectional": True, "hidden": hidden, "input": inp})


def large_cases():
    lengths = [24, 9, 17]  # longer than the widest vector, one short, unsorted
    large_rnn_case("lstm_h100", nn.LSTM, lengths)
    large_rnn_case("gru_h100", nn.GRU, lengths)
    large_case("layernorm_h100", nn.LayerNorm(100), {"x": ((3, 24, 100), 3.0)}, {},
               lambda m, i: {"output": m(i["x"])}, 1.0, {"dim": 100})
    mask = torch.zeros(2, 24, dtype=torch.int64)
    mask[0, 17:] = 1
    mha = nn.MultiheadAttention(100, 4, dropout=0.0, batch_first=True)
    mha.train()
    large_case("mha_h100", mha, {"x": ((2, 24, 100), 1.0)}, {"mask": mask},
               lambda m, i: {"output": m(i["x"], i["x"], i["x"], key_padding_mask=i["mask"].bool(),
                                         need_weights=False)[0]},
               0.1, {"embed": 100, "heads": 4})


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    simple_cases()
    rnn_case("lstm_bi2", nn.LSTM, 2, True, [6, 2, 4])
    rnn_case("lstm_uni1", nn.LSTM, 1, False, [3, 6, 1])
    rnn_case("gru_bi2", nn.GRU, 2, True, [6, 2, 4])
    rnn_case("gru_uni1", nn.GRU, 1, False, [3, 6, 1])
    gcn_case()
    attention_cases()
    optimizer_cases()
    large_cases()
