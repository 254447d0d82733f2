#!/usr/bin/env python3
"""PyTorch peer of the CUDA image-tower benchmark (tools/gpu-check.sh).

Plain-PyTorch OpenCLIP-style ViT image towers (ViT-B-16 and ViT-B-16-plus-240) with random weights,
eager mode on CUDA, float32 and float16: per-image latency at batch 1 (median of timed calls) and
throughput at batch 64. float32 runs with TF32 off, matching the Java backend's default.
Rows are tab-separated: section, name, precision, batch, value, unit (the Java benchmark's format).

usage: vit_torch.py [--out FILE] [--models ViT-B-16,ViT-B-16-plus-240]
"""
import argparse
import os
import statistics
import sys
import time

import torch

# The architecture is torch_peer.py's (one definition of the PyTorch peer models).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_peer import MODELS, Vit  # noqa: E402

CONFIGS = {name: MODELS[name] for name in ("ViT-B-16", "ViT-B-16-plus-240")}


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
            model = Vit(*cfg).to(dev, dtype).eval()
            s = cfg[0]
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
