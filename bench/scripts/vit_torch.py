#!/usr/bin/env python3
"""PyTorch peer of the CUDA image-tower benchmark (tools/gpu-check.sh).

Plain-PyTorch OpenCLIP-style ViT image towers (ViT-B-16 and ViT-B-16-plus-240) with random weights,
eager mode on CUDA, float32 and float16: per-image latency at batch 1 (median of timed calls) and
throughput at batch 64. float32 runs with TF32 off, matching the Java backend's default.
Rows are tab-separated: section, name, precision, batch, value, unit (the Java benchmark's format).

usage: vit_torch.py [--out FILE] [--models ViT-B-16,ViT-B-16-plus-240]
"""
import argparse
import statistics
import sys
import time

import torch
import torch.nn as nn

# OpenCLIP model configs (vision_cfg): width, layers, head width 64, patch 16, mlp_ratio 4.
CONFIGS = {
    "ViT-B-16": dict(image_size=224, width=768, layers=12, heads=12, patch=16, embed_dim=512),
    "ViT-B-16-plus-240": dict(image_size=240, width=896, layers=12, heads=14, patch=16, embed_dim=640),
}


class Block(nn.Module):
    """Pre-LN residual attention block, as open_clip.transformer.ResidualAttentionBlock."""

    def __init__(self, width, heads):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.ln_2(x))


class VisionTower(nn.Module):
    """open_clip.transformer.VisionTransformer without dropout/pooling options: class-token output."""

    def __init__(self, image_size, width, layers, heads, patch, embed_dim):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        grid = image_size // patch
        self.class_embedding = nn.Parameter(torch.randn(width) * width ** -0.5)
        self.positional_embedding = nn.Parameter(torch.randn(grid * grid + 1, width) * width ** -0.5)
        self.ln_pre = nn.LayerNorm(width)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(torch.randn(width, embed_dim) * width ** -0.5)

    def forward(self, x):
        x = self.conv1(x).flatten(2).transpose(1, 2)                       # [B, grid^2, width]
        cls = self.class_embedding.to(x.dtype).expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding.to(x.dtype)
        x = self.ln_pre(x)
        for blk in self.blocks:
            x = blk(x)
        return self.ln_post(x[:, 0]) @ self.proj


def timed(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--models", default=",".join(CONFIGS))
    args = ap.parse_args()
    if not torch.cuda.is_available():
        print("vit_torch.py: CUDA is not available", file=sys.stderr)
        return 2
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(0)
    print(f"vit_torch.py: torch {torch.__version__} on {torch.cuda.get_device_name(0)}", file=sys.stderr)
    rows = []

    def add(*row):
        line = "\t".join(str(x) for x in row)
        print(line, flush=True)
        rows.append(line)

    dev = torch.device("cuda")
    for name in args.models.split(","):
        cfg = CONFIGS[name]
        for precision, dtype in (("fp32", torch.float32), ("fp16", torch.float16)):
            model = VisionTower(**cfg).to(dev, dtype).eval()
            s = cfg["image_size"]
            images = torch.randn(64, 3, s, s, device=dev, dtype=dtype)
            with torch.inference_mode():
                lat = timed(lambda: model(images[:1]), warmup=3, runs=20)
                thr = timed(lambda: model(images), warmup=2, runs=5)
            add("torch-model", name, precision, 1, f"{lat * 1e3:.4g}", "ms/image")
            add("torch-model", name, precision, 64, f"{64 / thr:.4g}", "images/s")
            del model, images
            torch.cuda.empty_cache()

    n = 64 << 20
    a = torch.empty(n, device=dev)
    b = torch.empty_like(a)
    t = timed(lambda: b.copy_(a), warmup=3, runs=20)
    add("torch-bandwidth", "device-to-device copy", "fp32", 1, f"{8 * n / t / 1e9:.4g}", "GB/s")
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
