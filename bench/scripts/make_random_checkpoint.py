#!/usr/bin/python3
"""A random-weight OpenCLIP ViT-B-16-plus-240 checkpoint of the real size (torch.save zip format),
for the loading-memory benchmark: make_random_checkpoint.py OUT.pt"""
import sys
import torch

W, L, P, S, E = 896, 12, 16, 240, 640       # vision width, layers, patch, image, embed
TW, TL, CTX, V = 640, 12, 77, 49408          # text width, layers, context, vocab
g = (S // P) ** 2 + 1
sd = {"positional_embedding": (CTX, TW), "text_projection": (TW, E), "logit_scale": (),
      "visual.class_embedding": (W,), "visual.positional_embedding": (g, W), "visual.proj": (W, E),
      "visual.conv1.weight": (W, 3, P, P), "visual.ln_pre.weight": (W,), "visual.ln_pre.bias": (W,)}
def blocks(prefix, w, n):
    for i in range(n):
        b = f"{prefix}transformer.resblocks.{i}."
        sd.update({b + "ln_1.weight": (w,), b + "ln_1.bias": (w,), b + "attn.in_proj_weight": (3 * w, w),
                   b + "attn.in_proj_bias": (3 * w,), b + "attn.out_proj.weight": (w, w), b + "attn.out_proj.bias": (w,),
                   b + "ln_2.weight": (w,), b + "ln_2.bias": (w,), b + "mlp.c_fc.weight": (4 * w, w), b + "mlp.c_fc.bias": (4 * w,),
                   b + "mlp.c_proj.weight": (w, 4 * w), b + "mlp.c_proj.bias": (w,)})
blocks("visual.", W, L)
sd.update({"visual.ln_post.weight": (W,), "visual.ln_post.bias": (W,)})
blocks("", TW, TL)
sd.update({"token_embedding.weight": (V, TW), "ln_final.weight": (TW,), "ln_final.bias": (TW,)})
torch.manual_seed(0)
torch.save({k: torch.randn(s) * 0.02 for k, s in sd.items()}, sys.argv[1])
print(sys.argv[1], sum(torch.Size(s).numel() for s in sd.values()), "parameters")
