"""Reference data for HeatmapTest.resizeMatchesTorch (run with /usr/bin/python3; torch 1.13 made resize.json).

torch's F.interpolate(mode="bilinear", align_corners=False) without antialiasing: the pixel-centre convention
that Heatmap.resizeBilinear follows, for one upscale and one downscale of a random map.
"""
import json
import torch
import torch.nn.functional as F

torch.manual_seed(7)
src = torch.rand(3, 4) * 10 - 2
cases = []
for h, w in [(5, 7), (2, 3), (3, 4), (8, 3)]:
    out = F.interpolate(src[None, None], size=(h, w), mode="bilinear", align_corners=False)[0, 0]
    cases.append({"height": h, "width": w, "values": out.tolist()})
with open("resize.json", "w") as f:
    json.dump({"input": src.tolist(), "outputs": cases}, f, indent=1)
