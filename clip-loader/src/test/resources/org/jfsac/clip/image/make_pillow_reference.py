"""Reference data for PillowReferenceTest: small images of every PNG colour type and bit
depth that Pillow opens in its own way, and the 8-bit RGB that, with Pillow 9.4, the OpenCLIP 2.24
pipeline (torchvision 0.14 Resize/CenterCrop on PIL images, then convert("RGB"); modes
shortest_center_crop and openclip_squash) and the CLIP-FSAC++ authors' pipeline (convert("RGB") first, then a squash resize
to S x S; mode squash) give for them. Run with /usr/bin/python3 (Pillow 9.4.0, numpy); torchvision is not needed because
its two PIL steps are written out below exactly as torchvision 0.14 does them.

Also a few JPEGs (4:4:4, 4:2:0 progressive, greyscale) decoded by Pillow's libjpeg: decoders
may differ there, so their test has a tolerance.

Writes the images, <file>__<mode>_<size>.rgb (raw uint8 H*W*3, row-major) next to this script,
and cases.txt listing "file mode size pillow_mode" per line.
"""
import os
import struct
import zlib

import numpy as np
from PIL import Image

assert Image.__version__ == "9.4.0", Image.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)


def write_png(path, w, h, color_type, depth, rows, extra=b""):
    """A PNG written by hand, for the colour types / depths Pillow cannot save (2/4-bit grey,
    16-bit RGB and grey-alpha, tRNS on RGB)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + r for r in rows)
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def field(h, w, channels, hi=255):
    """Smooth gradients plus noise and a few hard edges: exercises negative lobes and clipping."""
    y, x = np.mgrid[0:h, 0:w]
    out = np.empty((h, w, channels), dtype=np.float64)
    for c in range(channels):
        base = 0.5 + 0.5 * np.sin(x / (2.0 + c) + y / (3.0 + 2 * c))
        edge = ((x // 5 + y // 4 + c) % 3 == 0) * 0.6
        out[..., c] = np.clip(base * 0.7 + edge + rng.normal(0, 0.08, (h, w)), 0, 1)
    return np.round(out * hi)


def pack_bits(values, depth):
    """Pack one row of small ints MSB-first, as PNG stores sub-byte samples."""
    per = 8 // depth
    padded = np.concatenate([values, np.zeros((-len(values)) % per, dtype=values.dtype)])
    out = bytearray()
    for i in range(0, len(padded), per):
        b = 0
        for v in padded[i:i + per]:
            b = (b << depth) | int(v)
        out.append(b)
    return bytes(out)


def make_images():
    made = []

    def add(name, writer, ext=".png"):
        path = os.path.join(HERE, name + ext)
        writer(path)
        made.append(name + ext)

    rgb = field(29, 45, 3).astype(np.uint8)
    add("rgb8_45x29", lambda p: Image.fromarray(rgb, "RGB").save(p))
    small = field(21, 13, 3).astype(np.uint8)  # upscaled: short side 13 < 32
    add("rgb8_13x21", lambda p: Image.fromarray(small, "RGB").save(p))
    rgba = np.concatenate([field(40, 27, 3), field(40, 27, 1)], axis=2).astype(np.uint8)
    rgba[::3, ::2, 3] = 0      # fully transparent pixels keep colour in RGBA but not in RGBa
    rgba[1::4, :, 3] = 255
    add("rgba8_27x40", lambda p: Image.fromarray(rgba, "RGBA").save(p))
    grey = field(33, 50, 1)[..., 0].astype(np.uint8)
    add("grey8_50x33", lambda p: Image.fromarray(grey, "L").save(p))
    la = np.concatenate([field(36, 30, 1), field(36, 30, 1)], axis=2).astype(np.uint8)
    la[::2, ::3, 1] = 0
    add("greyalpha8_30x36", lambda p: Image.fromarray(la, "LA").save(p))
    pal = Image.fromarray(rgb, "RGB").convert("P", palette=Image.ADAPTIVE, colors=200)
    add("palette8_45x29", lambda p: pal.save(p))
    pal4 = Image.fromarray(field(26, 37, 3).astype(np.uint8), "RGB").convert(
        "P", palette=Image.ADAPTIVE, colors=12)
    add("palette4_37x26", lambda p: pal4.save(p, bits=4))
    bw = (field(23, 41, 1)[..., 0] > 128)
    add("bilevel_41x23", lambda p: Image.fromarray(bw).convert("1").save(p))
    g2 = (field(19, 35, 1, hi=3)[..., 0]).astype(np.uint8)
    add("grey2_35x19", lambda p: write_png(p, 35, 19, 0, 2, [pack_bits(r, 2) for r in g2]))
    g4 = (field(30, 22, 1, hi=15)[..., 0]).astype(np.uint8)
    add("grey4_22x30", lambda p: write_png(p, 22, 30, 0, 4, [pack_bits(r, 4) for r in g4]))
    # 16-bit grey: Pillow opens it as mode "I" and convert("RGB") saturates above 255, so use
    # mostly small values to keep the test meaningful, with some large ones.
    g16 = field(31, 39, 1, hi=300)[..., 0].astype(">u2")
    g16[::7, ::5] = 60000
    add("grey16_39x31", lambda p: write_png(p, 39, 31, 0, 16, [r.tobytes() for r in g16]))
    rgb16 = field(28, 43, 3, hi=65535).astype(">u2")
    add("rgb16_43x28", lambda p: write_png(p, 43, 28, 2, 16, [r.tobytes() for r in rgb16]))
    rgba16 = field(34, 25, 4, hi=65535).astype(">u2")
    add("rgba16_25x34", lambda p: write_png(p, 25, 34, 6, 16, [r.tobytes() for r in rgba16]))
    la16 = field(27, 32, 2, hi=65535).astype(">u2")
    add("greyalpha16_32x27", lambda p: write_png(p, 32, 27, 4, 16, [r.tobytes() for r in la16]))
    # tRNS on a truecolour PNG: Pillow keeps mode RGB (transparency only in info); Java's PNG
    # reader turns it into an alpha channel, which must be ignored.
    trns_rgb = rgb.copy()
    trns = struct.pack(">I", 6) + b"tRNS" + struct.pack(">HHH", *map(int, rgb[0, 0]))
    trns += struct.pack(">I", zlib.crc32(b"tRNS" + struct.pack(">HHH", *map(int, rgb[0, 0]))))
    add("rgbtrns8_45x29", lambda p: write_png(p, 45, 29, 2, 8, [r.tobytes() for r in trns_rgb], trns))
    # the same for grey: Pillow keeps mode L
    trns_grey = struct.pack(">I", 2) + b"tRNS" + struct.pack(">H", int(grey[0, 0]))
    trns_grey += struct.pack(">I", zlib.crc32(b"tRNS" + struct.pack(">H", int(grey[0, 0]))))
    add("greytrns8_50x33", lambda p: write_png(p, 50, 33, 0, 8, [r.tobytes() for r in grey], trns_grey))
    photo = field(52, 71, 3).astype(np.uint8)
    add("rgb444_71x52", lambda p: Image.fromarray(photo, "RGB").save(p, quality=90, subsampling=0), ".jpg")
    add("rgb420prog_71x52", lambda p: Image.fromarray(photo, "RGB").save(p, quality=75, subsampling=2,
                                                                          progressive=True), ".jpg")
    add("grey_50x33", lambda p: Image.fromarray(grey, "L").save(p, quality=85), ".jpg")
    return made


def torchvision_resize_shortest(im, size):
    """torchvision 0.14 F.resize(img, size) with an int size on a PIL image."""
    w, h = im.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    if (w, h) == (new_w, new_h):
        return im
    return im.resize((new_w, new_h), Image.BICUBIC)


def torchvision_center_crop(im, size):
    w, h = im.size
    top = int(round((h - size) / 2.0))
    left = int(round((w - size) / 2.0))
    return im.crop((left, top, left + size, top + size))


def pipeline(im, mode, size):
    if mode == "shortest_center_crop":
        im = torchvision_center_crop(torchvision_resize_shortest(im, size), size)
        return np.asarray(im.convert("RGB"), dtype=np.uint8)
    if mode == "openclip_squash":  # OpenCLIP's resize_mode="squash": resize in the file's mode, then convert
        return np.asarray(im.resize((size, size), Image.BICUBIC).convert("RGB"), dtype=np.uint8)
    # squash is the authors' CLIP-FSAC++ pipeline (Jay-zzcoder/clip-fsac-, commit 88694118): their
    # data/mvtecdataset.py line 116 opens every image as PIL.Image.open(image_path).convert("RGB"), then
    # train.py lines 368-371 resize it with transforms.Resize(size=(S, S), BICUBIC) (torchvision 0.14 on a PIL
    # image with a (h, w) size: img.resize((w, h), BICUBIC)) and CenterCrop(S) (a no-op at S x S).
    return np.asarray(im.convert("RGB").resize((size, size), Image.BICUBIC), dtype=np.uint8)


def main():
    lines = []
    for name in make_images():
        im = Image.open(os.path.join(HERE, name))
        for mode in ("shortest_center_crop", "squash", "openclip_squash"):
            for size in (32, 17):
                rgb = pipeline(im, mode, size)
                with open(os.path.join(HERE, f"{name}__{mode}_{size}.rgb"), "wb") as f:
                    f.write(rgb.tobytes())
                lines.append(f"{name} {mode} {size} {im.mode}")
    with open(os.path.join(HERE, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
