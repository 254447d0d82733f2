#!/usr/bin/python3
"""PyTorch peer for the side-by-side benchmarks: the same architectures in plain PyTorch (eager, float32).

Usage: torch_peer.py block|vit [--model NAME] [--batches 1,8] [--threads N] [--reps R] [--device cpu|cuda] [--half]
Prints one line per measurement: "<case> <median milliseconds>".
"""
import argparse, time, statistics
import torch
import torch.nn as nn
import torch.nn.functional as F

MODELS = {  # image towers: image, patch, width, layers, head_width, embed
    "ViT-B-16-plus-240": (240, 16, 896, 12, 64, 640),
    "ViT-B-16": (224, 16, 768, 12, 64, 512),
    "ViT-B-32": (224, 32, 768, 12, 64, 512),
    "ViT-L-14": (224, 14, 1024, 24, 64, 768),
}


class Block(nn.Module):
    """OpenCLIP ResidualAttentionBlock, batch first."""
    def __init__(self, width, heads):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x):
        y = self.ln_1(x)
        x = x + self.attn(y, y, y, need_weights=False)[0]
        return x + self.mlp(self.ln_2(x))


class Vit(nn.Module):
    def __init__(self, image, patch, width, layers, head_width, embed):
        super().__init__()
        self.patch = patch
        self.conv1 = nn.Conv2d(3, width, patch, patch, bias=False)
        g = image // patch
        self.cls = nn.Parameter(torch.randn(width) * width ** -0.5)
        self.pos = nn.Parameter(torch.randn(g * g + 1, width) * width ** -0.5)
        self.ln_pre = nn.LayerNorm(width)
        self.blocks = nn.ModuleList([Block(width, width // head_width) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(torch.randn(width, embed) * width ** -0.5)

    def forward(self, x):
        x = self.conv1(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.to(x.dtype).expand(x.shape[0], 1, -1), x], 1) + self.pos.to(x.dtype)
        x = self.ln_pre(x)
        for b in self.blocks:
            x = b(x)
        return self.ln_post(x[:, 0]) @ self.proj


def median_ms(fn, reps, sync):
    for _ in range(2):
        fn()
    sync()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        sync()
        ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["block", "vit"])
    ap.add_argument("--model", default="ViT-B-16-plus-240")
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--half", action="store_true")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    dtype = torch.float16 if a.half else torch.float32
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    image, patch, width, layers, hw, embed = MODELS[a.model]
    for b in [int(s) for s in a.batches.split(",")]:
        if a.what == "block":
            m = Block(width, width // hw).to(dev, dtype)
            x = torch.randn(b, (image // patch) ** 2 + 1, width, device=dev, dtype=dtype)
            r = torch.randn_like(x)
            with torch.no_grad():
                print(f"block_forward_b{b} {median_ms(lambda: m(x), a.reps, sync):.3f}", flush=True)
            def fb():
                xi = x.detach().requires_grad_(True)
                (m(xi) * r).sum().backward()
                m.zero_grad(set_to_none=True)
            print(f"block_forward_backward_b{b} {median_ms(fb, a.reps, sync):.3f}", flush=True)
        else:
            m = Vit(image, patch, width, layers, hw, embed).to(dev, dtype).eval()
            x = torch.randn(b, 3, image, image, device=dev, dtype=dtype)
            with torch.no_grad():
                print(f"encode_image_{a.model}_b{b} {median_ms(lambda: m(x), a.reps, sync):.3f}", flush=True)


if __name__ == "__main__":
    main()
