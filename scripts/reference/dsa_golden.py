"""Golden values for packages/core/test/augment-golden.test.ts: each DSA family applied with fixed
per-sample parameters, computed the way the reference DiffAugment computes them (F.affine_grid +
F.grid_sample with align_corners=True for scale/rotate; pad-and-clamp indexing for crop and cutout).

    /usr/bin/python3 scripts/reference/dsa_golden.py > scripts/reference/golden/dsa.json
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from ref_models import stream_key, uniform_at  # noqa: E402

torch.set_default_dtype(torch.float64)


def images(shape, seed):
    u = uniform_at(stream_key(seed), np.arange(int(np.prod(shape))))
    return torch.tensor((2 * u - 1).reshape(shape))


def affine(x, theta):
    grid = F.affine_grid(torch.tensor(theta), list(x.shape), align_corners=True)
    return F.grid_sample(x, grid, mode='bilinear', padding_mode='zeros', align_corners=True)


def crop(x, sh, sw):
    n, _, h, w = x.shape
    tx = torch.tensor(sh).view(n, 1, 1)
    ty = torch.tensor(sw).view(n, 1, 1)
    gb, gx, gy = torch.meshgrid(torch.arange(n), torch.arange(h), torch.arange(w), indexing='ij')
    gx = torch.clamp(gx + tx + 1, 0, h + 1)
    gy = torch.clamp(gy + ty + 1, 0, w + 1)
    xp = F.pad(x, [1, 1, 1, 1])
    return xp.permute(0, 2, 3, 1)[gb, gx, gy].permute(0, 3, 1, 2)


def cutout(x, ch, cw, size_h, size_w):
    n, _, h, w = x.shape
    ox = torch.tensor(ch).view(n, 1, 1)
    oy = torch.tensor(cw).view(n, 1, 1)
    gb, gx, gy = torch.meshgrid(torch.arange(n), torch.arange(size_h), torch.arange(size_w), indexing='ij')
    gx = torch.clamp(gx + ox - size_h // 2, 0, h - 1)
    gy = torch.clamp(gy + oy - size_w // 2, 0, w - 1)
    mask = torch.ones(n, h, w)
    mask[gb, gx, gy] = 0
    return x * mask.unsqueeze(1)


def color(x, b, s, c):
    n = x.shape[0]
    x = x + torch.tensor(b).view(n, 1, 1, 1)
    m = x.mean(dim=1, keepdim=True)
    x = (x - m) * torch.tensor(s).view(n, 1, 1, 1) + m
    m = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - m) * torch.tensor(c).view(n, 1, 1, 1) + m


def main():
    out = []
    for shape in [(3, 3, 7, 9), (2, 1, 8, 8)]:
        x = images(shape, 11)
        n = shape[0]
        sx, sy = [0.85, 1.17, 1.0][:n], [1.1, 0.9, 1.2][:n]
        rad = [0.2, -0.25, 0.0][:n]
        draws = [
            ({'family': 'scale', 'scaleX': sx, 'scaleY': sy}, affine(x, [[[a, 0, 0], [0, b, 0]] for a, b in zip(sx, sy)])),
            ({'family': 'rotate', 'radians': rad}, affine(x, [[[np.cos(r), np.sin(-r), 0], [np.sin(r), np.cos(r), 0]] for r in rad])),
            ({'family': 'crop', 'shiftH': [-2, 3, 0][:n], 'shiftW': [1, -4, 2][:n]}, crop(x, [-2, 3, 0][:n], [1, -4, 2][:n])),
            ({'family': 'cutout', 'centerH': [0, 5, 7][:n], 'centerW': [8, 2, 4][:n], 'sizeH': 4, 'sizeW': 5},
             cutout(x, [0, 5, 7][:n], [8, 2, 4][:n], 4, 5)),
            ({'family': 'flip', 'flip': [True, False, True][:n]}, torch.where(torch.tensor([True, False, True][:n]).view(n, 1, 1, 1), x.flip(3), x)),
            ({'family': 'color', 'brightness': [0.3, -0.2, 0.1][:n], 'saturation': [1.5, 0.2, 1.0][:n], 'contrast': [0.7, 1.4, 0.5][:n]},
             color(x, [0.3, -0.2, 0.1][:n], [1.5, 0.2, 1.0][:n], [0.7, 1.4, 0.5][:n])),
        ]
        for draw, y in draws:
            out.append({'shape': shape, 'seed': 11, 'draw': draw, 'out': [round(v, 7) for v in y.flatten().tolist()]})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
