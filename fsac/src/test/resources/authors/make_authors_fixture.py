#!/usr/bin/python3
"""Makes a fixture like testdata/fsac-authors-code by running the CLIP-FSAC++ authors' own modules.

ImageHead and TextHead (adapter_plus.py) and xLoss (loss.py) are imported unchanged from their repository
(see authors_code.py); one training step of their train.py (lines 445-480) runs on random CLIP-like
features, then two more with the same features. Written: manifest.json and one float32 .npy per tensor,
under the authors' parameter names:
  init.* (weights as ImageHead then TextHead draw them after torch.manual_seed(seed); for seed 7, C 48 this
  reproduces testdata/fsac-authors-code's init.* exactly), input.F [2B, C] (normals first), input.T_pos,
  input.T_neg [1, C], fwd.AT / fwd.t_ / fwd.CF / fwd.CT / fwd.zscore, grad.* (after the first backward; the
  unused attention_linear and norm get none), step1.* and step3.* (weights after 1 and 3 Adam steps), and in
  the manifest the losses {contrastive, ce, total} of step 1 and loss_per_step.
The inputs are drawn after the weights; how testdata/fsac-authors-code drew its inputs is not recorded, so
for the same seed the inputs differ from it; with --inputs-from testdata/fsac-authors-code (its inputs, seed 7,
C 48, B 3) this script reproduces that fixture: the same losses and init weights to the bit, every other tensor
within 1e-7 (float32 rounding of a different but equivalent order of operations; checked when it was written).

AuthorsCodeParityTest reads such a folder (-Djfsac.authorsFixture=DIR). The committed ones were made with
  /usr/bin/python3 make_authors_fixture.py --out c16-b2-seed11 --dim 16 --batch 2 --seed 11
  /usr/bin/python3 make_authors_fixture.py --out c12-b1-seed5-mvtec --dim 12 --batch 1 --seed 5 --residual mvtec --gamma1 0.01
"""
import sys
sys.dont_write_bytecode = True  # no __pycache__ beside the test data

import argparse
import json
import os

import numpy as np
import torch

import authors_code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--dim", type=int, default=48)
    ap.add_argument("--batch", type=int, default=3, help="normal images per step (B); the batch holds 2B rows")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--residual", choices=["visa", "mvtec"], default="visa", help="the authors' VisA or MVTec residual lines")
    ap.add_argument("--gamma1", type=float, default=0.7, help="train.py 463 (their MVTec line 464: 0)")
    ap.add_argument("--lr-image", type=float, default=5e-5, help="train.py --lr1 default")
    ap.add_argument("--lr-text", type=float, default=1e-5, help="train.py --lr2 default")
    ap.add_argument("--inputs-from", help="take input.F/T_pos/T_neg from this fixture instead of drawing them")
    a = ap.parse_args()
    adapter_plus, loss_mod = authors_code.load(a.residual)
    c, b = a.dim, a.batch

    torch.manual_seed(a.seed)
    image_head, text_head = authors_code.make_heads(adapter_plus, c)
    # CLIP-like: raw (unnormalised) features sharing a common direction, as CLIP's image features do
    image_base, text_base = torch.randn(1, c), torch.randn(1, c)
    feats = image_base + 0.5 * torch.randn(2 * b, c)
    t_pos = text_base + 0.3 * torch.randn(1, c)
    t_neg = text_base + 0.3 * torch.randn(1, c)
    if a.inputs_from:
        feats, t_pos, t_neg = (torch.from_numpy(np.load(os.path.join(a.inputs_from, f"input.{n}.npy"))) for n in ("F", "T_pos", "T_neg"))

    xloss, ce_loss = loss_mod.xLoss(), loss_mod.CrossEntropyLoss()  # train.py 407, 409
    opt1, opt2 = authors_code.optimizers(image_head, text_head, a.lr_image, a.lr_text)
    tensors = {}

    def put(name, t):
        tensors[name] = t.detach().to(torch.float32).numpy().copy()

    def weights(group):
        for prefix, module in (("image_head", image_head), ("text_head", text_head)):
            for k, v in module.state_dict().items():
                put(f"{group}.{prefix}.{k}", v)

    def grads():
        for prefix, module in (("image_head", image_head), ("text_head", text_head)):
            for k, p in module.named_parameters():
                if p.grad is not None:
                    put(f"grad.{prefix}.{k}", p.grad)

    weights("init")
    put("input.F", feats)
    put("input.T_pos", t_pos)
    put("input.T_neg", t_neg)
    losses = []
    for step in range(1, 4):
        out = authors_code.train_step(image_head, text_head, xloss, ce_loss, feats, t_pos, t_neg, gamma1=a.gamma1)
        losses.append(out["total"].item())
        if step == 1:
            for k in ("AT", "t_", "CF", "CT"):
                put("fwd." + k, out[k])
            put("fwd.zscore", out["zscore"].squeeze(1))  # [2B, 2], as CrossEntropyLoss gets it (train.py 473)
            first = {k: out[k].item() for k in ("contrastive", "ce", "total")}
        authors_code.step(opt1, opt2, out["total"], after_backward=grads if step == 1 else None)
        if step in (1, 3):
            weights(f"step{step}")

    os.makedirs(a.out, exist_ok=True)
    manifest = {
        "C": c, "B": b, "seed": a.seed,
        "constants": {"tau": 0.07, "contrastive_t": xloss.t, "residual": list(authors_code.RESIDUAL[a.residual]),
                      "gamma1": a.gamma1, "gamma2": 0.7, "lr_image_head": a.lr_image, "lr_text_head": a.lr_text},
        "notes": "Made by make_authors_fixture.py from the authors' adapter_plus.py and loss.py at commit "
                 + authors_code.COMMIT + " (" + a.residual + " residual lines), torch " + torch.__version__
                 + ", CPU, float32; the step is train.py lines 445-480.",
        "tensors": {},
        "loss": first,
        "loss_per_step": losses,
    }
    for name, arr in tensors.items():
        np.save(os.path.join(a.out, name + ".npy"), arr)
        manifest["tensors"][name] = {"file": name + ".npy", "shape": list(arr.shape)}
    with open(os.path.join(a.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    print(a.out, "losses", losses)


if __name__ == "__main__":
    main()
