"""Generates the small PyTorch checkpoints the Java tests read (run with /usr/bin/python3, torch 1.13).

Values follow formulas the Java tests recompute, so the files test our reader against real
torch.save output: strided views sharing one storage, Parameters, several dtypes, nesting.
Also records torch.load's float64 sum of every tensor in the shared tiny-gelu fixture, as an
independent reference for the four fixture layouts.
"""
import collections
import json
import os

import torch

here = os.path.dirname(os.path.abspath(__file__))

# views.pt: every entry is a view of base (values 0..59) except the dtype cases
base = torch.arange(60, dtype=torch.float32).reshape(6, 10)
views = collections.OrderedDict()
views["rows"] = base[1:3]                   # offset 10, contiguous
views["transposed"] = base.t()              # strides (1, 10)
views["column"] = base[:, 2]                # offset 2, stride 10
views["scalar"] = base[2, 3]                # 0-d view, offset 23
views["stepped"] = base[::2, 1::3]          # strides (20, 3), offset 1
views["param"] = torch.nn.Parameter(torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4)
views["half"] = (torch.arange(8, dtype=torch.float32) / 8 - 0.3).half()
views["bf16"] = (torch.arange(8, dtype=torch.float32) * 1.5 - 2).bfloat16()
views["double"] = torch.arange(5, dtype=torch.float64) / 3
views["long"] = torch.arange(4, dtype=torch.int64) * 1000 - 1
views["empty"] = torch.zeros(0, 3)
torch.save(views, os.path.join(here, "views.pt"))

# nested_model.pt: weights under "model" with a DataParallel prefix, beside other entries
nested = {"epoch": 3, "model": collections.OrderedDict(
    [("module.w", torch.arange(6, dtype=torch.float32).reshape(3, 2)), ("module.b", torch.ones(2))])}
torch.save(nested, os.path.join(here, "nested_model.pt"))

# reference sums of the shared fixture, as torch itself loads it
fixture = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../testdata/openclip/tiny-gelu/model.pt")
sd = torch.load(fixture, map_location="cpu")
sums = {k: v.double().sum().item() for k, v in sd.items()}
with open(os.path.join(here, "tiny_gelu_sums.json"), "w") as f:
    json.dump(sums, f, indent=1)
