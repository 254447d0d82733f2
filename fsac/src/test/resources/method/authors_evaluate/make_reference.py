#!/usr/bin/python3
"""Reference scores of the authors' own test loop, for AuthorsBatchedScoringTest.

Runs the `evaluate()` and `compute_score()` functions of the authors' train.py (repository
Jay-zzcoder/clip-fsac-, commit 88694118cf716c0385eb53471ada9ce24c72491f, read from the bare mirror and
extracted to a temporary folder) with their `ImageHead` and `TextHead` from adapter_plus.py, on random heads
and random CLIP-like features. Nothing is re-derived: the two functions are taken from train.py's source with
`ast` and executed as written. Lines of train.py exercised:
  274-283  compute_score: cosine of L2-normalised features over [normal, anomalous], / 0.07, softmax
  524-588  evaluate: in particular
    536-537  average_*_features = Mermory_avg_*_text_features[i]         (raw prototypes, once per call)
    549      text_features_origin = cat(average_normal, average_anomaly)  (A^n(T): inside the attentions)
    552-554  average_*_features = text_head(average_*_features)           (A^(n+1)(T), written back: compounds)
    557-559  class_tokens, t_ = image_head(class_tokens, origin); text_feature + 0.7*t_  (the VisA lines)
    566-567  zscore = compute_score(...); z0score = zscore[:, 0, 1]       (the anomaly score)
    578-585  roc_auc_score etc. on the collected scores (the AUROC is recorded too)
and from adapter_plus.py the whole forward of TextHead (res=True: 0.1*A(T) + 0.9*T, the VisA line) and of
ImageHead (res=True: 0.1*A(F) + 0.9*F + image->text attention; t_ from the text->image attention).

Stand-ins, because evaluate() needs a CLIP model and a DataLoader: `model.encode_image` returns the given
features as class tokens (the image tower is not under test); the test loader is a list of dicts of
batches of 16 (their `batch_size=16`, `shuffle=False`); `show_bar` (their histogram plot) only records the
scores it is given, which are evaluate()'s per-image scores. timm is imported by adapter_plus.py but unused
(an empty module stands in); einops is not installed here, so `repeat(x, 'h w -> h w c', c=n)` (the only
pattern evaluate() uses) is x.unsqueeze(-1).expand(h, w, n), which is what einops defines it to be.

Writes authors_evaluate.json next to this script: C, the constants, weights in jfsac's parameter names
(mapping below), the prototypes T+ and T-, the features, labels, the per-image scores and AUROC of their
evaluate(). Run: /usr/bin/python3 make_reference.py  (PyTorch 1.13, scikit-learn, CPU, float32)
"""
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types

import numpy as np
import torch

MIRROR = "/work/.mirror/Jay-zzcoder+clip-fsac-/repo"
COMMIT = "88694118cf716c0385eb53471ada9ce24c72491f"
TEMPS = []  # removed on exit
HERE = os.path.dirname(os.path.abspath(__file__))
C, N, BATCH, SEED = 16, 40, 16, 20240611  # 40 test images: batches of 16, 16 and 8

# authors' parameter name -> jfsac's
NAMES = {
    "image_head.mlps.0.fc1": "image_adapter.layers.0", "image_head.mlps.0.fc2": "image_adapter.layers.1",
    "image_head.mlps.1.fc1": "image_adapter.layers.2", "image_head.mlps.1.fc2": "image_adapter.layers.3",
    "image_head.linear": "image_adapter.layers.4",
    "text_head.mlps.0.fc1": "text_adapter.layers.0", "text_head.mlps.0.fc2": "text_adapter.layers.1",
    "text_head.linear": "text_adapter.layers.2",
    "image_head.to_out_text.0": "descriptor.linear_t", "image_head.to_out_image.0": "descriptor.linear_v",
}


def extract(tmp):
    for f in ("adapter_plus.py", "train.py"):
        src = subprocess.run(["git", "-C", MIRROR, "show", f"{COMMIT}:{f}"], check=True, capture_output=True).stdout
        with open(os.path.join(tmp, f), "wb") as out:
            out.write(src)


def authors_functions(tmp, namespace):
    """compute_score and evaluate from train.py, executed as written in the given namespace."""
    with open(os.path.join(tmp, "train.py")) as f:
        tree = ast.parse(f.read())
    wanted = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in ("compute_score", "evaluate")]
    assert len(wanted) == 2
    exec(compile(ast.Module(body=wanted, type_ignores=[]), os.path.join(tmp, "train.py"), "exec"), namespace)
    return namespace["evaluate"]


def main():
    tmp = tempfile.mkdtemp(prefix="fsac-authors-")
    TEMPS.append(tmp)
    extract(tmp)
    sys.modules["timm"] = types.ModuleType("timm")
    sys.path.insert(0, tmp)
    from adapter_plus import ImageHead, TextHead
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

    torch.manual_seed(SEED)
    image_head = ImageHead(feature_dim=C, out_dim=C, res=True)
    text_head = TextHead(feature_dim=C, out_dim=C, res=True)
    image_head.eval()
    text_head.eval()
    # CLIP-like prototypes: the two prompts' means are close (cosine ~0.9), as CLIP's T+ and T- are.
    t_pos = torch.randn(1, C)
    t_neg = t_pos + 0.45 * torch.randn(1, C)
    labels = torch.tensor([1] * 18 + [0] * 22)  # their order: anomaly folders before good/
    feats = torch.randn(N, C) + 0.5 * t_pos + 0.3 * labels[:, None] * (t_neg - t_pos)

    recorded = {}

    def show_bar(pr, gt):
        recorded["scores"] = [float(v) for v in pr]
        return types.SimpleNamespace(savefig=lambda *a, **k: None, close=lambda: None)

    class Model:  # stands in for CLIP_AD: the features are the class tokens
        def eval(self): pass
        def train(self): pass
        def encode_image(self, images, patch_size):
            return None, None, None, images, None, None

    namespace = {
        "torch": torch, "np": np, "math": __import__("math"), "os": os,
        "repeat": lambda x, pattern, c: (x.unsqueeze(-1).expand(*x.shape, c)
                                         if pattern == "h w -> h w c" else None),
        "roc_auc_score": roc_auc_score, "average_precision_score": average_precision_score,
        "precision_recall_curve": precision_recall_curve, "show_bar": show_bar,
        "args": types.SimpleNamespace(dataset="reference"),
    }
    evaluate = authors_functions(tmp, namespace)
    loader = [{"image": feats[s:s + BATCH], "is_anomaly": labels[s:s + BATCH]} for s in range(0, N, BATCH)]
    memory = [t_pos.unsqueeze(0), t_neg.unsqueeze(0)]  # [n_classes, 1, C] each, class i = 0
    cwd = os.getcwd()
    os.chdir(tmp)  # evaluate() makes ./result/<dataset>/<class>/histogram/ for its plot
    try:
        auroc, ap, f1 = evaluate(0, Model(), loader, "cls", memory, 0, image_head=image_head, text_head=text_head)
    finally:
        os.chdir(cwd)

    state = {"image_head." + k: v for k, v in image_head.state_dict().items()}
    state.update({"text_head." + k: v for k, v in text_head.state_dict().items()})
    params = {}
    for k, v in state.items():
        prefix, leaf = k.rsplit(".", 1)
        if prefix in NAMES:
            params[NAMES[prefix] + "." + leaf] = {"shape": list(v.shape), "data": v.flatten().tolist()}
    assert len(params) == 2 * len(NAMES)
    ref = {
        "source": f"Jay-zzcoder/clip-fsac- {COMMIT}: train.py evaluate(), adapter_plus.py ImageHead/TextHead",
        "C": C, "batch": BATCH, "alpha1": 0.1, "alpha2": 0.9, "beta1": 0.1, "beta2": 0.9, "gamma1": 0.7, "tau": 0.07,
        "params": params, "T": torch.cat([t_pos, t_neg]).flatten().tolist(), "F": feats.flatten().tolist(),
        "labels": labels.tolist(), "scores": recorded["scores"], "auroc": float(auroc),
    }
    with open(os.path.join(HERE, "authors_evaluate.json"), "w") as f:
        json.dump(ref, f)
    s = np.array(recorded["scores"])
    print(f"scores min {s.min():.4f} max {s.max():.4f} mean {s.mean():.4f}; AUROC {auroc:.4f}")


if __name__ == "__main__":
    main()
    for leftover in TEMPS:
        shutil.rmtree(leftover, ignore_errors=True)
