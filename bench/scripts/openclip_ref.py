"""The reference OpenCLIP (the CLIP-FSAC++ authors' copy, open_clip 2.16.0 in src/open_clip of their repository)
imported from the bare mirror, for the ONNX export and the PyTorch peer of issue 14.

Their copy changes VisionTransformer.forward (transformer.py lines 427-516: an optional list of patch masks);
with an empty mask list the loop at lines 455-487 does not run and the rest (lines 489-516) is OpenCLIP's image
tower unchanged (conv1, class + positional embedding, ln_pre, the resblocks with nn.MultiheadAttention, ln_post
on the class token, proj). `image_tower()` wraps exactly that call. Nothing else of their copy is used:
model.py's CLIP (lines 176-240) builds the towers and draws the random weights (init_parameters).

Their package __init__ imports the training code (torchvision, timm, transformers): the package is registered
without running it, and torchvision.ops.misc.FrozenBatchNorm2d (imported by utils.py, used only to freeze ResNet
batch norms) gets a stand-in. Run with Debian's Python: /usr/bin/python3.
"""
import json
import os
import subprocess
import sys
import tempfile
import types

import torch

MIRROR = os.environ.get("AUTHORS_REPO", "/work/.mirror/Jay-zzcoder+clip-fsac-/repo")
COMMIT = "88694118cf716c0385eb53471ada9ce24c72491f"
_loaded = {}


def _extract():
    folder = tempfile.mkdtemp(prefix="openclip-ref-")
    archive = subprocess.run(["git", "-C", MIRROR, "archive", COMMIT, "src/open_clip"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    return os.path.join(folder, "src", "open_clip")


def open_clip_model():
    """Their open_clip.model module (CLIP, CLIPVisionCfg, ...), imported without the package's __init__."""
    if "model" in _loaded:
        return _loaded["model"]
    path = _extract()
    misc = types.ModuleType("torchvision.ops.misc")
    misc.FrozenBatchNorm2d = type("FrozenBatchNorm2d", (), {})  # utils.py imports it; only ResNets use it
    ops = types.ModuleType("torchvision.ops")
    ops.misc = misc
    tv = types.ModuleType("torchvision")
    tv.ops = ops
    for name, mod in (("torchvision", tv), ("torchvision.ops", ops), ("torchvision.ops.misc", misc)):
        sys.modules.setdefault(name, mod)
    pkg = types.ModuleType("open_clip")
    pkg.__path__ = [path]
    sys.modules["open_clip"] = pkg
    from open_clip import model  # noqa: E402
    _loaded["model"] = model
    _loaded["configs"] = os.path.join(path, "model_configs")
    return model


def create(name, seed=0):
    """OpenCLIP's CLIP for model config `name` (their model_configs/NAME.json), random weights from `seed`, eval mode."""
    model = open_clip_model()
    with open(os.path.join(_loaded["configs"], name + ".json")) as f:
        cfg = json.load(f)
    torch.manual_seed(seed)
    return model.CLIP(**cfg).eval()


class ImageTower(torch.nn.Module):
    """clip.visual(x, mask=[]): the unmodified OpenCLIP image tower path of their VisionTransformer.forward."""

    def __init__(self, visual):
        super().__init__()
        self.visual = visual

    def forward(self, x):
        return self.visual(x, mask=[])


def image_tower(clip):
    return ImageTower(clip.visual).eval()
