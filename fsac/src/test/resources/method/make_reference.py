#!/usr/bin/python3
"""Independent PyTorch reference for the CLIP-FSAC++ head (written from ../shared/docs/clip-fsac-pp.md).

Writes head_reference.json: random weights (our parameter names), inputs F [2b, C] (b normal then b
anomalous) and T [2, C], and for each (descriptor form, loss form): CF, CT, scores, loss parts, the
float64 gradients of the total loss (checked against finite differences with torch.autograd.gradcheck),
and the parameters after one Adam step (two groups: image side lr 5e-4, text adapter lr 1e-4).
Run: /usr/bin/python3 make_reference.py  (torch 1.13)
"""
import json
import torch

torch.manual_seed(1234)
C, B = 6, 2  # width, pairs
alpha1, alpha2, beta1, beta2, gamma1, gamma2, tau, code_temp = 0.4, 0.6, 0.4, 0.6, 0.3, 0.7, 0.07, 0.99


def linear_params(prefix, fan_in, fan_out):
    return {prefix + ".weight": torch.randn(fan_out, fan_in) * 0.3, prefix + ".bias": torch.randn(fan_out) * 0.1}


params = {}
for i, (a, b) in enumerate([(C, 4 * C), (4 * C, C), (C, 4 * C), (4 * C, C), (C, C)]):
    params.update(linear_params(f"image_adapter.layers.{i}", a, b))
for i, (a, b) in enumerate([(C, 4 * C), (4 * C, C), (C, C)]):
    params.update(linear_params(f"text_adapter.layers.{i}", a, b))
params.update(linear_params("descriptor.linear_t", C, C))
params.update(linear_params("descriptor.linear_v", C, C))
names = list(params)
F = torch.randn(2 * B, C)
T = torch.randn(2, C)


def lin(p, prefix, x):
    return x @ p[prefix + ".weight"].T + p[prefix + ".bias"]


def adapter(p, prefix, x, blocks):
    for k in range(blocks):
        x = torch.nn.functional.gelu(lin(p, f"{prefix}.layers.{2 * k + 1}", torch.nn.functional.gelu(lin(p, f"{prefix}.layers.{2 * k}", x))))
    return lin(p, f"{prefix}.layers.{2 * blocks}", x)


def cos(a, b):
    return torch.nn.functional.normalize(a, dim=1) @ torch.nn.functional.normalize(b, dim=1).T


def forward(p, f, t, dform):
    af = alpha1 * adapter(p, "image_adapter", f, 2) + alpha2 * f
    at = beta1 * adapter(p, "text_adapter", t, 1) + beta2 * t
    psi = at if dform == "paper" else t
    s = 1.0 / C ** 0.5
    tf = lin(p, "descriptor.linear_t", torch.softmax(f @ psi.T * s, dim=1) @ psi)
    vt = lin(p, "descriptor.linear_v", torch.softmax(psi @ tf.T * s, dim=1) @ tf)
    ct = at + gamma1 * vt
    cf = af + tf
    logits = cos(cf, ct) / tau
    return at, cf, ct, logits, torch.softmax(logits, dim=1)


def nll(pos, neg):  # -log(e^pos / (e^pos + e^neg)), mean over pairs
    return -torch.log_softmax(torch.stack([pos, neg], 1), 1)[:, 0].mean()


def loss(p, f, t, dform, lform):
    at, cf, ct, logits, scores = forward(p, f, t, dform)
    sim = cos(cf, at if lform == "paper" else ct)
    if lform == "code":
        sim = sim / code_temp
    n, a = sim[:B], sim[B:]
    i2t = nll(n[:, 0], n[:, 1]) + nll(a[:, 1], a[:, 0])
    t2i = nll(n[:, 0], a[:, 0]) + nll(a[:, 1], n[:, 1])
    con = i2t + t2i if lform == "paper" else (i2t + t2i) / 2
    labels = torch.tensor([0] * B + [1] * B)
    ce = torch.nn.functional.cross_entropy(logits if lform == "paper" else scores, labels)
    return con + gamma2 * ce, i2t, t2i, ce, cf, ct, scores


out = {"C": C, "pairs": B, "alpha1": alpha1, "alpha2": alpha2, "beta1": beta1, "beta2": beta2, "gamma1": gamma1,
       "gamma2": gamma2, "tau": tau, "code_temperature": code_temp, "lr_image": 5e-4, "lr_text": 1e-4,
       "F": F.flatten().tolist(), "T": T.flatten().tolist(),
       "params": {k: {"shape": list(v.shape), "data": v.flatten().tolist()} for k, v in params.items()}, "cases": []}
for dform in ["paper", "code"]:
    for lform in ["paper", "code"]:
        # float64 autograd, verified against central finite differences
        p64 = {k: v.double().clone().requires_grad_(True) for k, v in params.items()}
        def fn(*ps):
            return loss(dict(zip(names, ps)), F.double(), T.double(), dform, lform)[0]
        assert torch.autograd.gradcheck(fn, tuple(p64[k] for k in names), eps=1e-6, atol=1e-7, rtol=1e-5)
        total64 = fn(*[p64[k] for k in names])
        grads = torch.autograd.grad(total64, [p64[k] for k in names])
        # float32 values and one Adam step in float32, as the Java code runs
        p32 = {k: v.clone().requires_grad_(True) for k, v in params.items()}
        total, i2t, t2i, ce, cf, ct, scores = loss(p32, F, T, dform, lform)
        image_side = [p32[k] for k in names if not k.startswith("text_adapter")]
        text_side = [p32[k] for k in names if k.startswith("text_adapter")]
        opt = torch.optim.Adam([{"params": image_side, "lr": 5e-4}, {"params": text_side, "lr": 1e-4}])
        opt.zero_grad()
        total.backward()
        opt.step()
        out["cases"].append({
            "descriptor_form": dform, "loss_form": lform,
            "total": total.item(), "i2t": i2t.item(), "t2i": t2i.item(), "ce": ce.item(),
            "cf": cf.detach().flatten().tolist(), "ct": ct.detach().flatten().tolist(), "scores": scores.detach().flatten().tolist(),
            "grads64": {k: g.flatten().tolist() for k, g in zip(names, grads)},
            "after_step": {k: p32[k].detach().flatten().tolist() for k in names},
        })
with open(__file__.replace("make_reference.py", "head_reference.json"), "w") as fh:
    json.dump(out, fh)
print("ok")
