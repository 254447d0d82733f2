#!/usr/bin/python3
"""Writes the seed corpora of the clip-loader fuzz targets (issue 11), each a few hundred bytes:
torch.save (PyTorch 1.13) checkpoints and their data.pkl, a safetensors file laid out by hand per
the format spec (8-byte little-endian header length, JSON header, raw data), small images written
by Pillow 9.4 in the formats and modes the decoder handles, tokenizer texts and an OpenCLIP config.
Run from the repository root with /usr/bin/python3."""
import io, json, os, struct, zipfile
import torch
from PIL import Image

R = "clip-loader/src/test/resources/org/jfsac/clip"

def put(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)

ck = f"{R}/checkpoint"
for i, sd in enumerate([{"w": torch.arange(4.0)},
                        {"state_dict": {"module.a": torch.ones(2, 3).t(), "module.b": torch.zeros(3, dtype=torch.float16)}}]):
    b = io.BytesIO()
    torch.save(sd, b)
    put(f"{ck}/ZipFuzzTestInputs/zip", f"seed{i}.pt", b.getvalue())
    with zipfile.ZipFile(io.BytesIO(b.getvalue())) as z:
        put(f"{ck}/UnpicklerFuzzTestInputs/unpickle", f"seed{i}.pkl", z.read([n for n in z.namelist() if n.endswith("data.pkl")][0]))

header = json.dumps({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                     "h": {"dtype": "F16", "shape": [2], "data_offsets": [16, 20]},
                     "__metadata__": {"format": "pt"}}).encode()
put(f"{ck}/SafeTensorsFuzzTestInputs/safetensors", "seed0.safetensors",
    struct.pack("<Q", len(header)) + header + struct.pack("<4f", 1, 2, 3, 4) + struct.pack("<2e", 0.5, -1))

im = f"{R}/image/ImageFuzzTestInputs/decode"
base = Image.new("RGB", (7, 5))
base.putdata([(x * 30, y * 50, (x + y) * 20) for y in range(5) for x in range(7)])
for name, img, fmt, kw in [("rgb.png", base, "PNG", {}), ("rgba.png", base.convert("RGBA"), "PNG", {}),
                           ("la.png", base.convert("LA"), "PNG", {}), ("p.png", base.convert("P"), "PNG", {}),
                           ("i16.png", base.convert("L").convert("I"), "PNG", {}), ("one.png", base.convert("1"), "PNG", {}),
                           ("rgb.jpg", base, "JPEG", {"quality": 90}), ("grey.jpg", base.convert("L"), "JPEG", {}),
                           ("prog.jpg", base, "JPEG", {"progressive": True}), ("a.gif", base, "GIF", {}),
                           ("a.bmp", base, "BMP", {})]:
    b = io.BytesIO()
    img.save(b, fmt, **kw)
    put(im, name, b.getvalue())

tok = f"{R}/tokenizer/TokenizerFuzzTestInputs/tokenize"
for i, t in enumerate(["a photo of a damaged metal nut", "Hello, WORLD!! &amp; caf\u00e9 \u2014 \u65e5\u672c 😀",
                       "  spaces\tand\nnewlines  ", "it's ''quoted'' don't"]):
    put(tok, f"seed{i}", t.encode("utf-8"))

cfg = f"{R}/config/ClipConfigFuzzTestInputs/parse"
with open("testdata/openclip/tiny-gelu/config.json", "rb") as f:
    put(cfg, "tiny-gelu.json", f.read())
