"""Reference outputs of OpenCV 4.6 (Debian python3-opencv, the version the CLIP-FSAC++ authors pin) for
OpenCvSeamlessCloneTest and OpenCvResizeTest.

Run with Debian's interpreter from this folder:  /usr/bin/python3 make_reference.py

It exercises exactly the two OpenCV calls the authors' NSA makes (their data/self_sup_tasks.py, _patch_ex):
  * cv2.seamlessClone(src, ima_dest, patch_mask_scaled, center, mode)   (the "poisson interpolation" branch)
  * cv2.resize(src, (new_width, new_height))  and  cv2.resize(patch_mask[..., 0], (width, height))
    (the "if resize:" branch: default INTER_LINEAR on uint8 RGB and on a 1-channel 0/1 mask)
Image material: crops of the photograph in testdata/opencv-seamless-clone (already in the repository).
Writes clone/<case>/{src,dst,mask,out}.png, resize/<case>/{in,out}.png and index.json.
"""
import json
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTO = os.path.join(HERE, '../../../../../../testdata/opencv-seamless-clone/nsa_s256_seed1000_0/dst.png')

assert cv2.__version__.startswith('4.6'), cv2.__version__
photo = cv2.cvtColor(cv2.imread(PHOTO, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)  # 256x256 RGB
rng = np.random.default_rng(20261130)


def save_rgb(path, img):
    cv2.imwrite(path, cv2.cvtColor(img, cv2.COLOR_RGB2BGR))


def crop(x, y, w, h):
    return np.ascontiguousarray(photo[y:y + h, x:x + w])


def ellipses(h, w, n, value=255):
    m = np.zeros((h, w), np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(n):
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        a, b = rng.uniform(h / 6, h / 2.5), rng.uniform(w / 6, w / 2.5)
        m[((yy - cy) / a) ** 2 + ((xx - cx) / b) ** 2 <= 1] = value
    return m


def ring_zeroed(m):
    m = m.copy()
    m[0], m[-1], m[:, 0], m[:, -1] = 0, 0, 0, 0
    return m


MODES = {'NORMAL_CLONE': cv2.NORMAL_CLONE, 'MIXED_CLONE': cv2.MIXED_CLONE}
# name, src crop (x, y, w, h), dst crop (x, y, w, h), mask kind, centre (x, y) in dst, mode
CLONES = [
    ('rect_even_normal', (130, 40, 24, 20), (0, 120, 64, 56), 'rect', (30, 26), 'NORMAL_CLONE'),
    ('rect_odd_mixed', (60, 150, 25, 19), (100, 100, 63, 57), 'rect', (31, 29), 'MIXED_CLONE'),
    ('rect_even_mixed', (10, 10, 30, 22), (150, 180, 64, 60), 'rect', (33, 30), 'MIXED_CLONE'),
    ('irregular_odd_normal', (180, 30, 33, 27), (20, 20, 71, 65), 'ellipses', (36, 33), 'NORMAL_CLONE'),
    ('irregular_even_mixed', (90, 90, 36, 28), (160, 20, 72, 64), 'ellipses', (35, 31), 'MIXED_CLONE'),
    ('border_touching_normal', (40, 200, 23, 21), (120, 10, 60, 50), 'full', (28, 24), 'NORMAL_CLONE'),
    ('border_touching_irregular_mixed', (200, 200, 30, 26), (30, 170, 66, 62), 'ellipses_full', (33, 30), 'MIXED_CLONE'),
    ('box_at_image_edge_normal', (110, 130, 26, 20), (60, 60, 50, 48), 'rect', (13, 38), 'NORMAL_CLONE'),
    ('offset_region_odd_normal', (140, 140, 41, 35), (10, 100, 70, 66), 'inner', (37, 31), 'NORMAL_CLONE'),
    ('grey_levels_mixed', (70, 20, 28, 24), (170, 90, 62, 58), 'levels', (30, 28), 'MIXED_CLONE'),
    ('large_prime_normal', (20, 60, 97, 71), (100, 80, 150, 120), 'rect', (75, 60), 'NORMAL_CLONE'),
    ('large_irregular_mixed', (120, 100, 88, 80), (5, 5, 140, 130), 'ellipses', (70, 66), 'MIXED_CLONE'),
]

index = {'opencv': cv2.__version__, 'clone': [], 'resize': []}
for name, (sx, sy, sw, sh), (dx, dy, dw, dh), kind, centre, mode in CLONES:
    src, dst = crop(sx, sy, sw, sh), crop(dx, dy, dw, dh)
    if kind == 'rect':        # the authors' mask: ones with the outer ring zeroed, times 255
        mask = ring_zeroed(np.full((sh, sw), 255, np.uint8))
    elif kind == 'full':      # touches the mask border: OpenCV zeroes that ring itself
        mask = np.full((sh, sw), 255, np.uint8)
    elif kind == 'ellipses':
        mask = ring_zeroed(ellipses(sh, sw, 4))
    elif kind == 'ellipses_full':
        mask = ellipses(sh, sw, 4)
        mask[:, :3] = 255  # make sure it reaches the border
    elif kind == 'inner':     # a region well inside the source: the bounding box is offset
        mask = np.zeros((sh, sw), np.uint8)
        mask[7:sh - 5, 4:sw - 9] = 255
    elif kind == 'levels':    # non-binary values (weights value/255 after erosion)
        mask = ring_zeroed(np.full((sh, sw), 255, np.uint8))
        mask[sh // 2:, :] = np.where(mask[sh // 2:, :] > 0, 128, 0)
    out = cv2.seamlessClone(src, dst, mask, centre, MODES[mode])
    d = os.path.join(HERE, 'clone', name)
    os.makedirs(d, exist_ok=True)
    save_rgb(os.path.join(d, 'src.png'), src)
    save_rgb(os.path.join(d, 'dst.png'), dst)
    cv2.imwrite(os.path.join(d, 'mask.png'), mask)
    save_rgb(os.path.join(d, 'out.png'), out)
    index['clone'].append({'dir': 'clone/' + name, 'center_xy': list(centre), 'mode': mode})

# name, input crop (x, y, w, h) or 'mask', output size (w, h)
RESIZES = [
    ('down_0.7', (10, 20, 40, 30), (28, 21)),
    ('down_2x_exact', (50, 50, 40, 30), (20, 15)),   # INTER_LINEAR turns into INTER_AREA at exactly 1/2
    ('down_odd', (80, 30, 37, 29), (13, 11)),
    ('down_0.45', (0, 100, 61, 47), (27, 21)),
    ('up_1.3', (120, 10, 23, 17), (30, 22)),
    ('up_2x', (100, 150, 20, 15), (40, 30)),
    ('up_1.77_mixed', (30, 180, 19, 26), (34, 40)),
    ('up_wide', (200, 60, 9, 7), (47, 31)),
    ('up_x_down_y', (60, 120, 17, 33), (29, 19)),
    ('mask_down', 'mask', (21, 17)),
    ('mask_up', 'mask', (45, 39)),
]
for name, spec, (ow, oh) in RESIZES:
    if spec == 'mask':        # the authors resize their 0/1 uint8 patch mask the same way
        img = (ellipses(29, 31, 3, value=1) | ring_zeroed(np.ones((29, 31), np.uint8))).astype(np.uint8)
        img[10:14, :] = 0
    else:
        img = crop(*spec)
    out = cv2.resize(img, (ow, oh))
    d = os.path.join(HERE, 'resize', name)
    os.makedirs(d, exist_ok=True)
    if img.ndim == 3:
        save_rgb(os.path.join(d, 'in.png'), img)
        save_rgb(os.path.join(d, 'out.png'), out)
    else:
        cv2.imwrite(os.path.join(d, 'in.png'), img)
        cv2.imwrite(os.path.join(d, 'out.png'), out)
    index['resize'].append({'dir': 'resize/' + name, 'size_wh': [ow, oh], 'channels': int(img.ndim == 3) * 2 + 1})

with open(os.path.join(HERE, 'index.json'), 'w') as f:
    json.dump(index, f, indent=1)
