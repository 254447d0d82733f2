#!/usr/bin/python3
"""Reference for FsacHeadReferenceTest: the head, both descriptor forms, both loss forms, one Adam step.

Code form = the CLIP-FSAC++ authors' own code, run, not re-derived: ImageHead and TextHead from their
adapter_plus.py (with their MVTec residual lines, 0.4/0.6) and xLoss / CrossEntropyLoss from their loss.py,
imported unchanged from their repository by ../authors/authors_code.py, driven as train.py lines 455-475 drive
them (authors_code.head_forward and authors_code.losses). The only expressions written here for the code
form are L_i2t and L_t2i, which xLoss never returns separately; they are the four -log terms of loss.py
lines 92-93 regrouped, and the script asserts that their mean equals what xLoss returns (line 78).

Paper form = the paper's equations, transcribed: Eq. 6-9 with the adapted text psi = AT inside both
attentions (paper_descriptor), Eq. 10-13 with s(CF, AT) and no temperature, L = L_t2i + L_i2t + g2 L_ce,
L_ce the cross-entropy of the logits cos(CF, CT)/tau (paper_loss). The paper descriptor reuses the authors'
adapters and output layers (their forward is the same up to the attention inputs).

Writes head_reference.json: random weights (jfsac's parameter names), inputs F [2b, C] (b normal, then b
anomalous) and T [2, C], and per (descriptor form, loss form): CF, CT, scores, the loss and its parts, the
float64 gradients of the total (verified against finite differences by torch.autograd.gradcheck) and the
parameters after one Adam step (image side lr 5e-4, text adapter 1e-4, as two Adam optimisers in train.py).
Run: /usr/bin/python3 make_reference.py  (torch 1.13)
"""
import sys
sys.dont_write_bytecode = True  # no __pycache__ beside the test data

import json
import os

import torch
from torch.nn.utils.stateless import functional_call

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "authors"))
import authors_code  # noqa: E402

torch.manual_seed(1234)
C, B = 6, 2  # width, pairs
RESIDUAL = "mvtec"
alpha1, alpha2 = authors_code.RESIDUAL[RESIDUAL]  # their adapters apply the same ratios to image and text
gamma1, gamma2, tau = 0.3, 0.7, 0.07
LR_IMAGE, LR_TEXT = 5e-4, 1e-4
adapter_plus, loss_mod = authors_code.load(RESIDUAL)
XLOSS, CE = loss_mod.xLoss(), loss_mod.CrossEntropyLoss()
code_temp = XLOSS.t  # loss.py line 55

# jfsac name -> (authors' module, their name)
NAMES = {}
for i, theirs in enumerate(["mlps.0.fc1", "mlps.0.fc2", "mlps.1.fc1", "mlps.1.fc2", "linear"]):
    for k in ("weight", "bias"):
        NAMES[f"image_adapter.layers.{i}.{k}"] = ("image", f"{theirs}.{k}")
for i, theirs in enumerate(["mlps.0.fc1", "mlps.0.fc2", "linear"]):
    for k in ("weight", "bias"):
        NAMES[f"text_adapter.layers.{i}.{k}"] = ("text", f"{theirs}.{k}")
for ours, theirs in (("linear_t", "to_out_text.0"), ("linear_v", "to_out_image.0")):
    for k in ("weight", "bias"):
        NAMES[f"descriptor.{ours}.{k}"] = ("image", f"{theirs}.{k}")

heads = {}
for dtype in (torch.float32, torch.float64):
    image_head, text_head = authors_code.make_heads(adapter_plus, C)
    heads[dtype] = (image_head.to(dtype), text_head.to(dtype))
params = {}
for ours, (module, theirs) in NAMES.items():
    shape = dict(heads[torch.float32][0 if module == "image" else 1].named_parameters())[theirs].shape
    params[ours] = torch.randn(shape) * (0.3 if ours.endswith("weight") else 0.1)
names = list(params)
F = torch.randn(2 * B, C)
T = torch.randn(2, C)


def bound(p, dtype):
    """The authors' two modules with the parameters p (jfsac names) in place of their own."""
    image_head, text_head = heads[dtype]
    mine = {"image": {}, "text": {}}
    for ours, (module, theirs) in NAMES.items():
        mine[module][theirs] = p[ours]
    return (lambda *args: functional_call(image_head, mine["image"], args),
            lambda *args: functional_call(text_head, mine["text"], args))


def cos(a, b):
    return torch.nn.functional.normalize(a, dim=1) @ torch.nn.functional.normalize(b, dim=1).T


def forward(p, f, t, dform, dtype):
    """AT, CF, CT, the scores S and the logits cos(CF, CT)/tau."""
    image_head, text_head = bound(p, dtype)
    if dform == "code":
        out = authors_code.head_forward(image_head, text_head, f, t[0:1], t[1:2], gamma1)  # train.py 455-470
        at, cf, ct = out["AT"], out["CF"], out["CT"]
    else:
        # Eq. 6-9 differ from the code only in what the attentions see: psi = AT (the adapted text) as keys,
        # values and text->image queries instead of the raw T. Their ImageHead, given AT, computes exactly
        # TF = Linear_t(softmax(F psi^T / sqrt C) psi), VT = Linear_v(softmax(psi TF^T / sqrt C) TF) and
        # CF = AF + TF (adapter_plus.py 177-188, 192-212).
        at = text_head(t)  # Eq. 5, their TextHead with res=True
        cf, vt = image_head(f, at)  # Eq. 4, 6-8
        ct = at + gamma1 * vt  # Eq. 9
    scores = authors_code.compute_score(cf, ct.T.unsqueeze(0).expand(f.shape[0], -1, -1)).squeeze(1)  # Eq. 14-15
    return at, cf, ct, scores, cos(cf, ct) / tau


def code_loss_parts(cf, ct):
    """L_i2t and L_t2i from the four -log terms of xLoss (loss.py 59-74, 92-93), regrouped."""
    text = ct / ct.norm(dim=-1, keepdim=True)  # loss.py 59
    img = cf[:B] / cf[:B].norm(dim=-1, keepdim=True)  # 60
    noise = cf[B:] / cf[B:].norm(dim=-1, keepdim=True)  # 61
    sim, noise_sim = img @ text.T, noise @ text.T  # 65-66
    a = torch.exp(sim[:, 0] / code_temp)  # 71 normal image, normal text
    b = torch.exp(sim[:, 1] / code_temp)  # 72 normal image, abnormal text
    c = torch.exp(noise_sim[:, 0] / code_temp)  # 73 synthetic image, normal text
    d = torch.exp(noise_sim[:, 1] / code_temp)  # 74 synthetic image, abnormal text
    i2t = -torch.log(a / (a + b)).mean() + -torch.log(d / (d + c)).mean()  # 92 of con_loss(a,b,c), 93 of con_loss(d,b,c)
    t2i = -torch.log(a / (a + c)).mean() + -torch.log(d / (d + b)).mean()  # 93 of con_loss(a,b,c), 92 of con_loss(d,b,c)
    return i2t, t2i


def nll(pos, neg):  # -log(e^pos / (e^pos + e^neg)), mean over pairs
    return -torch.log(torch.exp(pos) / (torch.exp(pos) + torch.exp(neg))).mean()


def loss(p, f, t, dform, lform, dtype):
    at, cf, ct, scores, logits = forward(p, f, t, dform, dtype)
    if lform == "code":
        out = authors_code.losses(XLOSS, CE, cf, ct, scores.unsqueeze(1), gamma2)  # train.py 472-475
        con, ce, total = out["contrastive"], out["ce"], out["total"]
        i2t, t2i = code_loss_parts(cf, ct)
        assert abs(((i2t + t2i) / 4 - con).item()) < 1e-6, "xLoss is the mean of its four -log terms"
    else:
        sim = cos(cf, at)  # Eq. 10-11: s(CF, AT+-), no temperature
        n, a = sim[:B], sim[B:]
        i2t = nll(n[:, 0], n[:, 1]) + nll(a[:, 1], a[:, 0])  # Eq. 10
        t2i = nll(n[:, 0], a[:, 0]) + nll(a[:, 1], n[:, 1])  # Eq. 11
        con = i2t + t2i
        labels = torch.tensor([0] * B + [1] * B)
        ce = torch.nn.functional.cross_entropy(logits, labels)  # Eq. 12 on S = softmax(logits)
        total = con + gamma2 * ce  # Eq. 13
    return total, con, i2t, t2i, ce, cf, ct, scores


out = {"C": C, "pairs": B, "alpha1": alpha1, "alpha2": alpha2, "beta1": alpha1, "beta2": alpha2, "gamma1": gamma1,
       "gamma2": gamma2, "tau": tau, "code_temperature": code_temp, "lr_image": LR_IMAGE, "lr_text": LR_TEXT,
       "authors_commit": authors_code.COMMIT,
       "F": F.flatten().tolist(), "T": T.flatten().tolist(),
       "params": {k: {"shape": list(v.shape), "data": v.flatten().tolist()} for k, v in params.items()}, "cases": []}
for dform in ["paper", "code"]:
    for lform in ["paper", "code"]:
        # float64 autograd through the same code, verified against central finite differences
        p64 = {k: v.double().clone().requires_grad_(True) for k, v in params.items()}

        def fn(*ps):
            return loss(dict(zip(names, ps)), F.double(), T.double(), dform, lform, torch.float64)[0]
        assert torch.autograd.gradcheck(fn, tuple(p64[k] for k in names), eps=1e-6, atol=1e-7, rtol=1e-5)
        grads = torch.autograd.grad(fn(*[p64[k] for k in names]), [p64[k] for k in names])
        # float32 values and one Adam step in float32, as the Java code runs (train.py 434-435, 476-480)
        p32 = {k: v.clone().requires_grad_(True) for k, v in params.items()}
        total, con, i2t, t2i, ce, cf, ct, scores = loss(p32, F, T, dform, lform, torch.float32)
        opt1, opt2 = (torch.optim.Adam([p32[k] for k in names if k.startswith("text_adapter") == text], lr=lr)
                      for text, lr in ((False, LR_IMAGE), (True, LR_TEXT)))
        authors_code.step(opt1, opt2, total)
        out["cases"].append({
            "descriptor_form": dform, "loss_form": lform,
            "total": total.item(), "contrastive": con.item(), "i2t": i2t.item(), "t2i": t2i.item(), "ce": ce.item(),
            "cf": cf.detach().flatten().tolist(), "ct": ct.detach().flatten().tolist(), "scores": scores.detach().flatten().tolist(),
            "grads64": {k: g.flatten().tolist() for k, g in zip(names, grads)},
            "after_step": {k: p32[k].detach().flatten().tolist() for k in names},
        })
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "head_reference.json"), "w") as fh:
    json.dump(out, fh)
print("ok")
