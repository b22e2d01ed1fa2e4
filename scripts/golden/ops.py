#!/usr/bin/python3
"""Golden forward values and first derivatives of single ops from PyTorch (float64), for the semantics
that finite-difference checks cannot see: padding conventions, output_padding, count_include_pad,
biased variances, reductions of losses, tie-free max over several axes.

Writes packages/core/test/fixtures/golden-ops.json, read by packages/core/test/golden-ops.test.ts
(which needs no PyTorch). Rerun from the repository root with Debian's python3-torch (1.13, CPU):
    /usr/bin/python3 scripts/golden/ops.py
Deterministic (fixed seed, float64, CPU). Each case stores its float inputs, the output, a random
cotangent w and the gradients of <output, w> with respect to every float input.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(7)


def asym_conv(x, w, b):
    # [top, bottom, left, right] = [2, 0, 1, 0]; F.pad takes (left, right, top, bottom).
    return F.conv2d(F.pad(x, (1, 0, 2, 0)), w, b, stride=(1, 2))


LABELS = torch.tensor([2, 0, 3, 3, 1])
INDEX = torch.tensor([1, 3, 1, 0, 1])

CASES = [
    # name, function, float input shapes, extra (non-float) inputs written to the fixture
    ("conv2d_s2_p1_bias", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1), [(2, 3, 7, 6), (4, 3, 3, 2), (4,)], {}),
    ("conv2d_asym_t2b0l1r0_s12", asym_conv, [(2, 2, 5, 6), (3, 2, 3, 3), (3,)], {}),
    ("conv_transpose2d_s2_p1_op1", lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1), [(2, 3, 4, 3), (3, 2, 3, 3)], {}),
    ("avg_pool2d_k3_s2_p1", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1), [(2, 3, 7, 6)], {}),
    ("group_norm_g2", lambda x, w, b: F.group_norm(x, 2, w, b, eps=1e-5), [(3, 4, 3, 5), (4,), (4,)], {}),
    ("batch_norm_train", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-5), [(4, 3, 2, 5), (3,), (3,)], {}),
    ("log_softmax_dim1", lambda x: F.log_softmax(x, dim=1), [(3, 5, 2)], {}),
    ("softmax_dim0", lambda x: F.softmax(x, dim=0), [(3, 5, 2)], {}),
    ("cross_entropy_labels_none", lambda z: F.cross_entropy(z, LABELS, reduction="none"), [(5, 4)], {"labels": LABELS}),
    ("cross_entropy_labels_sum", lambda z: F.cross_entropy(z, LABELS, reduction="sum"), [(5, 4)], {"labels": LABELS}),
    ("cross_entropy_soft_mean", lambda z, t: F.cross_entropy(z, t.softmax(1)), [(5, 4), (5, 4)], {}),
    ("mse_loss_mean", lambda a, b: F.mse_loss(a, b), [(3, 4), (3, 4)], {}),
    ("matmul_broadcast_batch", lambda a, b: torch.matmul(a, b), [(2, 1, 3, 4), (3, 4, 5)], {}),
    ("amax_dims02_keepdim", lambda x: torch.amax(x, dim=(0, 2), keepdim=True), [(3, 4, 5)], {}),
    ("index_select_repeats", lambda x: torch.index_select(x, 0, INDEX), [(4, 3)], {"index": INDEX}),
    ("index_add_repeats", lambda s: torch.zeros(4, 3).index_add(0, INDEX, s), [(5, 3)], {"index": INDEX}),
]


def tensor_json(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [v if isinstance(v, int) else float(v) for v in t.flatten().tolist()]}


def main():
    cases = []
    for name, fn, shapes, extra in CASES:
        inputs = [torch.randn(*s, requires_grad=True) for s in shapes]
        out = fn(*inputs)
        w = torch.randn(out.shape)
        grads = torch.autograd.grad((out * w).sum(), inputs)
        cases.append({
            "name": name,
            "inputs": [tensor_json(t) for t in inputs],
            "extra": {k: tensor_json(v) for k, v in extra.items()},
            "output": tensor_json(out),
            "cotangent": tensor_json(w),
            "grads": [tensor_json(g) for g in grads],
        })
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "..", "..", "packages", "core", "test", "fixtures", "golden-ops.json")
    with open(out_path, "w") as f:
        json.dump({"generator": "scripts/golden/ops.py", "torch_version": torch.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {os.path.normpath(out_path)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
