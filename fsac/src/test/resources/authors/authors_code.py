"""The CLIP-FSAC++ authors' own head modules and their training step, for making reference data.

Not part of jfsac and never run by its tests: make_authors_fixture.py and ../method/make_reference.py import it.

- load(): extracts adapter_plus.py (ImageHead, TextHead) and loss.py (xLoss, CrossEntropyLoss) from the bare
  mirror of the authors' repository (Jay-zzcoder/clip-fsac-, commit 88694118cf716c0385eb53471ada9ce24c72491f)
  into a temporary folder and imports them unchanged. Both files `import timm` without using it; timm is not
  installed here, so an empty module stands in for it. residual="mvtec" makes the switch the authors make by hand:
  their MVTec lines (adapter_plus.py 106 and 187, commented out) replace their VisA lines (107 and 188).
- train_step(): train.py lines 452-475 (one step of their training loop), with compute_score from train.py
  lines 274-282, transcribed because train.py itself cannot be imported (it needs their datasets, OpenCLIP copy,
  OpenCV, einops, ...). Every line says which line of train.py it is.

Run with Debian's Python and torch 1.13: /usr/bin/python3.
"""
import os
import subprocess
import sys
import tempfile
import types

import torch

MIRROR = os.environ.get("AUTHORS_REPO", "/work/.mirror/Jay-zzcoder+clip-fsac-/repo")
COMMIT = "88694118cf716c0385eb53471ada9ce24c72491f"

# (their VisA line, their commented MVTec line) in adapter_plus.py: TextHead.forward, then ImageHead.forward
_RESIDUAL_LINES = [
    ("                feature = 0.1*feature + 0.9*origin #visa", "                #feature = 0.4*feature + 0.6*origin #mvtec"),
    ("            features = 0.1*features + 0.9*origin + attention_feature   #visa",
     "            #features = 0.4*features + 0.6*origin + attention_feature   #mvtec"),
]
RESIDUAL = {"visa": (0.1, 0.9), "mvtec": (0.4, 0.6)}


def _show(path):
    return subprocess.check_output(["git", "-C", MIRROR, "show", COMMIT + ":" + path]).decode("utf-8")


def load(residual="visa"):
    """(adapter_plus, loss) modules of the authors, with their VisA or MVTec residual lines."""
    folder = tempfile.mkdtemp(prefix="authors-code-")
    adapter = _show("adapter_plus.py")
    if residual == "mvtec":
        for visa, mvtec in _RESIDUAL_LINES:
            assert adapter.count(visa) == 1 and adapter.count(mvtec) == 1, "authors' residual lines not found"
            adapter = adapter.replace(mvtec, mvtec.replace("#", "", 1)).replace(visa, visa.replace(visa.lstrip(), "#" + visa.lstrip()))
    elif residual != "visa":
        raise ValueError(residual)
    for name, text in (("adapter_plus.py", adapter), ("loss.py", _show("loss.py"))):
        with open(os.path.join(folder, name), "w") as fh:
            fh.write(text)
    sys.modules.setdefault("timm", types.ModuleType("timm"))  # imported by both files, used by neither
    sys.path.insert(0, folder)
    for cached in ("adapter_plus", "loss"):
        sys.modules.pop(cached, None)
    import adapter_plus
    import loss
    sys.path.remove(folder)
    return adapter_plus, loss


def make_heads(adapter_plus, dim):
    """train.py lines 429-433: ImageHead then TextHead (this order draws their initial weights), res on."""
    image_head = adapter_plus.ImageHead(feature_dim=dim, out_dim=dim, res=True)  # train.py 429 (640 -> dim)
    text_head = adapter_plus.TextHead(feature_dim=dim, out_dim=dim, res=True)  # train.py 430
    return image_head.train(), text_head.train()  # train.py 432-433


def compute_score(image_features, text_features):
    """train.py lines 274-282 (the NaN print left out)."""
    image_features = image_features / image_features.norm(dim=1, keepdim=True)  # 275
    text_features = text_features / text_features.norm(dim=1, keepdim=True)  # 276
    return (torch.bmm(image_features.unsqueeze(1), text_features) / 0.07).softmax(dim=-1)  # 279


def head_forward(image_head, text_head, class_tokens, t_pos, t_neg, gamma1=0.7):
    """The head part of one step of train.py's loop (lines 455-470) on given CLIP features.

    class_tokens: [2B, C] raw image features, normals first (train.py 447: cat([images, noisy_images])).
    t_pos, t_neg: [1, C] raw mean text features (train.py 452-453). gamma1 is the 0.7 of train.py 463
    (their MVTec line 464 leaves the term out, i.e. 0).
    """
    batch_size = class_tokens.shape[0] // 2
    text_features_origin = torch.cat([t_pos, t_neg], dim=0)  # 455
    average_normal_features = text_head(t_pos)  # 458
    average_anomaly_features = text_head(t_neg)  # 459
    text_features = torch.cat([average_normal_features, average_anomaly_features], dim=0)  # 460
    adapted_text = text_features
    class_tokens, t_ = image_head(class_tokens, text_features_origin)  # 461
    text_features = text_features + gamma1 * t_  # 463
    # 466: repeat(text_features, 'h w -> h w c', c=batch_size*2).permute(2, 1, 0), i.e. [2B, C, 2]
    text_feature = text_features.T.unsqueeze(0).expand(batch_size * 2, -1, -1)
    zscore = compute_score(class_tokens, text_feature)  # 470
    return {"AT": adapted_text, "t_": t_, "CF": class_tokens, "CT": text_features, "zscore": zscore}


def losses(xloss, ce_loss, class_tokens, text_features, zscore, gamma2=0.7):
    """train.py lines 445 and 472-475: xLoss, CrossEntropyLoss on the softmaxed scores, their sum."""
    batch_size = class_tokens.shape[0] // 2
    # train.py 445: label = cat([is_anomaly, not_anomaly]); training images are good, so data/mvtecdataset.py
    # 202-203 gives is_anomaly = 0 and not_anomaly = 1: 0 for the normals, 1 for their synthetic anomalies
    label = torch.cat([torch.zeros(batch_size, dtype=torch.long), torch.ones(batch_size, dtype=torch.long)])
    loss = xloss(class_tokens[:batch_size, :], class_tokens[batch_size:, :], text_features)  # 472
    celoss = ce_loss(zscore.squeeze(1), label)  # 473
    total = loss + gamma2 * celoss  # 475
    return {"contrastive": loss, "ce": celoss, "total": total}


def train_step(image_head, text_head, xloss, ce_loss, class_tokens, t_pos, t_neg, gamma1=0.7, gamma2=0.7):
    """Forward and loss of one step of train.py's loop (lines 445-475)."""
    out = head_forward(image_head, text_head, class_tokens, t_pos, t_neg, gamma1)
    out.update(losses(xloss, ce_loss, out["CF"], out["CT"], out["zscore"], gamma2))
    return out


def optimizers(image_head, text_head, lr_image, lr_text):
    """train.py 434-435: one Adam per head, PyTorch defaults otherwise."""
    return torch.optim.Adam(image_head.parameters(), lr=lr_image), torch.optim.Adam(text_head.parameters(), lr=lr_text)


def step(opt1, opt2, total, after_backward=None):
    """train.py 476-480; after_backward() (if given) sees the gradients before the optimisers use them."""
    total.backward()
    if after_backward is not None:
        after_backward()
    opt1.step()
    opt2.step()
    opt1.zero_grad()
    opt2.zero_grad()
