#!/usr/bin/python3
"""Makes cmyk_16x12.jpg: a CMYK JPEG as Pillow 9.4 writes it (Adobe APP14 marker, inverted CMYK),
which ImageSafety must refuse by name because ImageIO's colours for it differ from Pillow's.
Run with /usr/bin/python3 (Pillow 9.4) from this folder."""
from PIL import Image

im = Image.new("CMYK", (16, 12))
px = im.load()
for y in range(12):
    for x in range(16):
        px[x, y] = (x * 16, y * 20, (x + y) * 8, 40)
im.save("cmyk_16x12.jpg", quality=90)
print(Image.open("cmyk_16x12.jpg").mode)
