"""Golden values for packages/core/test/train-sgd.test.ts: torch.optim.SGD (lr 0.1, momentum 0.9,
weight decay 5e-4) on a 6-element parameter for 3 steps with given gradients, then a fresh optimizer
at lr 0.01 (momentum restarts, as evaluate_synset does after its decay) for 2 more steps.

    /usr/bin/python3 scripts/reference/sgd_golden.py
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from ref_models import stream_key, uniform_at  # noqa: E402

torch.set_default_dtype(torch.float64)
u = lambda seed, n: torch.tensor(2 * uniform_at(stream_key(seed), np.arange(n)) - 1)

p = torch.nn.Parameter(u(1, 6))
opt = torch.optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=5e-4)
for k in range(5):
    if k == 3:
        opt = torch.optim.SGD([p], lr=0.01, momentum=0.9, weight_decay=5e-4)
    p.grad = u(10 + k, 6)
    opt.step()
print(json.dumps([round(v, 12) for v in p.detach().tolist()]))
