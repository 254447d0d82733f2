#!/usr/bin/python3
"""Issue 14's peers on the same weights: OpenCLIP (the reference copy, see openclip_ref.py) builds CLIP with random
weights, and this writes, per model into OUT:

  NAME.pt          the whole CLIP state dict (torch.save zip format): what jfsac loads (ClipBackbones / ClipModels)
  NAME.onnx        the image tower, torch.onnx.export (opset 17, batch axis dynamic): what ONNX Runtime runs
  NAME.input.npy   a fixed input [2, 3, S, S] (standard normal, seed 1)
  NAME.embed.npy   open_clip's image-tower output for it [2, E] (float32, PyTorch eager, CPU)

The two .npy files let the ORT peer (bench, -Ppeers: org.jfsac.bench.peers.OrtCheck) and jfsac check their output
against open_clip's. The onnx / onnxruntime Python packages are not needed (torch.onnx.export does without them).
Every file is written to a temporary name and renamed.

Usage: /usr/bin/python3 bench/scripts/export_onnx.py OUT [MODEL ...]   (default: ViT-B-16-plus-240 ViT-B-16)
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openclip_ref  # noqa: E402


def atomic(path, write):
    tmp = path + ".tmp"
    write(tmp)
    os.replace(tmp, path)


def export(name, out):
    clip = openclip_ref.create(name, seed=0)
    tower = openclip_ref.image_tower(clip)
    size = clip.visual.image_size[0] if isinstance(clip.visual.image_size, tuple) else clip.visual.image_size
    base = os.path.join(out, name)
    atomic(base + ".pt", lambda p: torch.save(clip.state_dict(), p))
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        y = tower(x)
        atomic(base + ".onnx", lambda p: torch.onnx.export(
            tower, x[:1], p, input_names=["pixels"], output_names=["embedding"],
            dynamic_axes={"pixels": {0: "batch"}, "embedding": {0: "batch"}}, opset_version=17, do_constant_folding=True))
    atomic(base + ".input.npy", lambda p: np.save(open(p, "wb"), x.numpy()))
    atomic(base + ".embed.npy", lambda p: np.save(open(p, "wb"), y.numpy()))
    print(f"{name}: {base}.pt, .onnx, .input.npy {tuple(x.shape)}, .embed.npy {tuple(y.shape)}", flush=True)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name in sys.argv[2:] or ["ViT-B-16-plus-240", "ViT-B-16"]:
        export(name, out)


if __name__ == "__main__":
    main()
