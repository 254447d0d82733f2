"""Writes torch_reference.json: PyTorch 1.13 values the core tests compare against.

Run from this directory with the system interpreter that has torch:
    /usr/bin/python3 make_torch_reference.py
Every value is computed in float32 (PyTorch's default) and written as the exact double of that float, so
the Java side reads back the same float32 numbers. Inputs are literals or seeded, and are written too.
"""
import json
import re

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def entry(t):
    return {"shape": list(t.shape), "data": flat(t)}


out = {"torch": torch.__version__}

# --- softmax / log_softmax over the last and a non-last axis
x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [-1.0, 0.0, 0.5, 10.0], [0.0, 0.0, 0.0, 0.0]])
out["softmax"] = {"x": entry(x), "dim1": entry(F.softmax(x, 1)), "dim0": entry(F.softmax(x, 0)),
                  "log_dim1": entry(F.log_softmax(x, 1)), "log_dim0": entry(F.log_softmax(x, 0))}

# --- layer norm (biased variance, eps 1e-5) with weight and bias
x = torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0], [0.1, -0.2, 0.3, -0.4, 10.0]])
w = torch.tensor([1.0, 0.5, -1.0, 2.0, 0.0])
b = torch.tensor([0.0, 0.1, 0.2, -0.3, 1.0])
out["layer_norm"] = {"x": entry(x), "weight": entry(w), "bias": entry(b), "eps": 1e-5,
                     "y": entry(F.layer_norm(x, (5,), w, b, 1e-5)), "y_plain": entry(F.layer_norm(x, (5,), eps=1e-5))}

# --- activations: exact GELU (nn.GELU()), OpenCLIP's QuickGELU x * sigmoid(1.702 x), sigmoid, tanh
x = torch.tensor([-6.0, -3.0, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0, 3.0, 6.0])
out["activations"] = {"x": entry(x), "gelu": entry(F.gelu(x)), "quick_gelu": entry(x * torch.sigmoid(1.702 * x)),
                      "sigmoid": entry(torch.sigmoid(x)), "tanh": entry(torch.tanh(x))}

# --- l2 normalize and cosine similarity (F.normalize eps 1e-12, cosine over the last dim)
a = torch.tensor([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1.0, -2.0, 2.0]])
c = torch.tensor([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0], [-1.0, 2.0, -2.0]])
out["normalize"] = {"a": entry(a), "b": entry(c), "l2": entry(F.normalize(a, dim=1)),
                    "cos": entry(F.cosine_similarity(a, c, dim=1))}

# --- losses with gradients
logits = torch.tensor([[2.0, -1.0, 0.5], [0.1, 0.2, 0.3], [-3.0, 4.0, 1.0], [0.0, 0.0, 0.0]], requires_grad=True)
targets = [0, 2, 1, 1]
ce = F.cross_entropy(logits, torch.tensor(targets))
ce.backward()
p = torch.tensor([0.9, 0.2, 0.5, 0.999, 0.01], requires_grad=True)
t = torch.tensor([1.0, 0.0, 0.3, 0.0, 1.0])
bce = F.binary_cross_entropy(p, t)
bce.backward()
out["losses"] = {"logits": entry(logits), "targets": targets, "ce": float(ce), "ce_grad": entry(logits.grad),
                 "p": entry(p), "t": entry(t), "bce": float(bce), "bce_grad": entry(p.grad)}

# --- nn.MultiheadAttention (batch first), with no mask, an additive float mask, and a causal mask
mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)
with torch.no_grad():
    mha.in_proj_bias.uniform_(-0.5, 0.5)  # PyTorch initialises it to zero; make it matter
x = torch.randn(2, 4, 8)
mask = torch.randn(4, 4)
causal = torch.triu(torch.full((4, 4), float("-inf")), diagonal=1)
with torch.no_grad():
    y_plain = mha(x, x, x, need_weights=False)[0]
    y_mask = mha(x, x, x, attn_mask=mask, need_weights=False)[0]
    y_causal = mha(x, x, x, attn_mask=causal, need_weights=False)[0]
out["mha"] = {"heads": 2, "state_dict": {k: entry(v) for k, v in mha.state_dict().items()}, "x": entry(x),
              "mask": entry(mask), "y": entry(y_plain), "y_mask": entry(y_mask), "y_causal": entry(y_causal)}

# --- optimizers: 3 steps on L(p) = sum(c * p^2) + sum(d * p), gradient 2 c p + d
p0 = torch.tensor([0.5, -1.0, 2.0, -0.3])
cc = torch.tensor([1.0, 0.5, 2.0, 3.0])
dd = torch.tensor([0.1, -0.2, 0.3, 0.05])


def trajectory(make):
    q = p0.clone().requires_grad_(True)
    opt = make([q])
    steps = []
    for _ in range(3):
        opt.zero_grad()
        ((cc * q * q).sum() + (dd * q).sum()).backward()
        opt.step()
        steps.append(flat(q))
    return steps


out["optim"] = {
    "p0": flat(p0), "c": flat(cc), "d": flat(dd),
    "adam": trajectory(lambda ps: torch.optim.Adam(ps, lr=0.1)),
    "adam_l2": trajectory(lambda ps: torch.optim.Adam(ps, lr=0.1, weight_decay=0.1)),
    "adamw": trajectory(lambda ps: torch.optim.AdamW(ps, lr=0.1, weight_decay=0.1)),
    "adam_betas": trajectory(lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6)),
    "sgd": trajectory(lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "sgd_momentum": trajectory(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    "sgd_momentum_wd": trajectory(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01)),
}

# one line per number list, so the file stays readable and diffable
text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", json.dumps(out, indent=1))
with open("torch_reference.json", "w") as f:
    f.write(text + "\n")
print("wrote torch_reference.json with torch", torch.__version__)
