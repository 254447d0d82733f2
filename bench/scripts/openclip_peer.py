#!/usr/bin/python3
"""PyTorch peer of issue 14: the reference OpenCLIP image tower (openclip_ref.py) on the weights export_onnx.py wrote
(DIR/NAME.pt), eager, float32, CPU, with a fixed thread count.

  serve DIR [--threads N]      read requests from stdin, one per line, answer one line each:
                                 "encode MODEL BATCH REPS"   -> "ok t1 .. tREPS" (ms per call, no_grad forward)
                                 "saliency MODEL BATCH REPS" -> "ok t1 .. tREPS" (forward + backward to the pixels)
                                 "quit"
                               The Java harness (org.jfsac.bench.peers.TowerVsPeers) drives this so that jfsac,
                               ONNX Runtime and PyTorch run in alternating rounds in one session.
  once DIR KIND MODEL BATCH REPS [--threads N]
                               one request, prints "KIND_MODEL_bBATCH median_ms" (for the JMH table of goal 5).

Saliency here is what FsacClassifier.saliency does through the tower: pixels that require grad, frozen weights,
a scalar of the embedding (sum(embedding * r), r fixed), backward, the pixel gradient read out. The head
(CLIP-FSAC++'s adapters, ~1 % of the work) is not included; the first call of each case is an untimed warm-up.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openclip_ref  # noqa: E402


class Peer:
    def __init__(self, folder):
        self.folder = folder
        self.name = None
        self.tower = None
        self.warm = set()

    def load(self, name):
        if name != self.name:
            self.tower = None  # one model in memory at a time
            clip = openclip_ref.create(name, seed=0)
            clip.load_state_dict(torch.load(os.path.join(self.folder, name + ".pt"), map_location="cpu"))
            for p in clip.parameters():
                p.requires_grad_(False)
            self.tower = openclip_ref.image_tower(clip)
            self.size = clip.visual.image_size[0] if isinstance(clip.visual.image_size, tuple) else clip.visual.image_size
            self.embed = clip.visual.proj.shape[1]
            self.name = name
        return self.tower

    def time(self, kind, name, batch, reps):
        tower = self.load(name)
        g = torch.Generator().manual_seed(batch)
        x = torch.randn(batch, 3, self.size, self.size, generator=g)
        r = torch.randn(batch, self.embed, generator=g)

        def encode():
            with torch.no_grad():
                return tower(x)

        def saliency():
            xi = x.detach().requires_grad_(True)
            (tower(xi) * r).sum().backward()
            return xi.grad

        fn = {"encode": encode, "saliency": saliency}[kind]
        if (kind, name, batch) not in self.warm:
            fn()
            self.warm.add((kind, name, batch))
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            ts.append((time.perf_counter() - t0) * 1e3)
        return ts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["serve", "once"])
    ap.add_argument("dir")
    ap.add_argument("request", nargs="*")
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
        torch.set_num_interop_threads(1)
    peer = Peer(a.dir)
    if a.mode == "once":
        kind, name, batch, reps = a.request[0], a.request[1], int(a.request[2]), int(a.request[3])
        print(f"{kind}_{name}_b{batch} {statistics.median(peer.time(kind, name, batch, reps)):.3f}", flush=True)
        return
    print(f"ready torch {torch.__version__} threads {torch.get_num_threads()}", flush=True)
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        if f[0] == "quit":
            break
        try:
            ts = peer.time(f[0], f[1], int(f[2]), int(f[3]))
            print("ok " + " ".join(f"{t:.3f}" for t in ts), flush=True)
        except Exception as e:  # one line back to the harness, which stops with it
            print(f"error {type(e).__name__}: {e}".replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
