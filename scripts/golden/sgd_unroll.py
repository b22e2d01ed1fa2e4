#!/usr/bin/python3
"""Golden values for differentiating through two unrolled SGD steps of a tiny ConvNet (PyTorch, float64).

Writes packages/core/test/fixtures/golden-sgd-unroll.json, which
packages/core/test/golden-sgd-unroll.test.ts recomputes with pad-gpu's cpu backend; the test itself
needs no PyTorch.

Rerun (from the repository root) with Debian's python3-torch (1.13, CPU), not a pyenv python:
    /usr/bin/python3 scripts/golden/sgd_unroll.py
The output is deterministic (torch.manual_seed, float64, CPU), so rerunning reproduces the file.

What it computes, with params theta = (conv.w, conv.b, norm.w, norm.b, fc.w, fc.b):
    f(theta, x)  = linear(flatten(avg_pool2d(relu(group_norm(conv2d(x, w, b, padding=1),
                   groups=channels, norm.w, norm.b)), 2)), fc.w, fc.b)
    L(theta; x)  = cross_entropy(f(theta, x), soft_labels)          (probability targets, mean)
    theta1 = theta0 - lr * grad L(theta0; x)                         (create_graph=True)
    theta2 = theta1 - lr * grad L(theta1; x)                         (create_graph=True)
    val_loss   = cross_entropy(f(theta2, x_val), y_val)              (integer labels, mean)
    match_loss = sum_p ||theta2_p - target_p||^2 / sum_p ||theta0_p - target_p||^2   (PAD/MTT's form)
and the gradients of val_loss and match_loss with respect to the images x and the learning rate lr.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(20240611)

BATCH, CHANNELS, SIZE, WIDTH, CLASSES, VAL_BATCH = 4, 3, 6, 4, 5, 5
LR = 0.35
EPS = 1e-5
HIDDEN = WIDTH * (SIZE // 2) * (SIZE // 2)

PARAM_SHAPES = [
    ("conv.weight", (WIDTH, CHANNELS, 3, 3)),
    ("conv.bias", (WIDTH,)),
    ("norm.weight", (WIDTH,)),
    ("norm.bias", (WIDTH,)),
    ("fc.weight", (CLASSES, HIDDEN)),
    ("fc.bias", (CLASSES,)),
]


def forward(params, x):
    cw, cb, nw, nb, fw, fb = params
    h = F.conv2d(x, cw, cb, padding=1)
    h = F.group_norm(h, WIDTH, nw, nb, eps=EPS)
    h = F.avg_pool2d(F.relu(h), 2)
    return F.linear(h.flatten(1), fw, fb)


def sgd_step(params, x, soft, lr):
    loss = F.cross_entropy(forward(params, x), soft)
    grads = torch.autograd.grad(loss, params, create_graph=True)
    return [p - lr * g for p, g in zip(params, grads)], loss


def main():
    x = torch.randn(BATCH, CHANNELS, SIZE, SIZE)
    soft = torch.softmax(2 * torch.randn(BATCH, CLASSES), dim=1)
    x_val = torch.randn(VAL_BATCH, CHANNELS, SIZE, SIZE)
    y_val = torch.randint(0, CLASSES, (VAL_BATCH,))
    theta0 = [torch.randn(*s) * (0.5 if len(s) > 1 else 0.2) for _, s in PARAM_SHAPES]
    theta0[2] = theta0[2] + 1  # norm weights near 1, as after PyTorch's init plus some training
    target = [p + 0.1 * torch.randn(*p.shape) for p in theta0]

    outputs = {}
    for name in ("val", "match"):
        xr = x.clone().requires_grad_(True)
        lr = torch.tensor(LR, requires_grad=True)
        params = [p.clone().requires_grad_(True) for p in theta0]
        theta1, loss0 = sgd_step(params, xr, soft, lr)
        theta2, loss1 = sgd_step(theta1, xr, soft, lr)
        if name == "val":
            outer = F.cross_entropy(forward(theta2, x_val), y_val)
        else:
            num = sum(((p - t) ** 2).sum() for p, t in zip(theta2, target))
            den = sum(((p - t) ** 2).sum() for p, t in zip(theta0, target))
            outer = num / den
        gx, glr = torch.autograd.grad(outer, [xr, lr])
        outputs[name] = {"loss": outer.item(), "grad_x": tensor_json(gx), "grad_lr": glr.item()}
        # The unroll itself is the same in both passes; only the outer loss differs.
        outputs["train_losses"] = [loss0.item(), loss1.item()]
        outputs["theta2"] = [dict(name=n, **tensor_json(p)) for (n, _), p in zip(PARAM_SHAPES, theta2)]

    fixture = {
        "description": __doc__.strip().splitlines()[0],
        "generator": "scripts/golden/sgd_unroll.py",
        "torch_version": torch.__version__,
        "config": {"lr": LR, "eps": EPS, "groups": WIDTH, "padding": 1, "pool": 2},
        "inputs": {
            "x": tensor_json(x),
            "soft_labels": tensor_json(soft),
            "x_val": tensor_json(x_val),
            "y_val": tensor_json(y_val),
            "theta0": [dict(name=n, **tensor_json(p)) for (n, _), p in zip(PARAM_SHAPES, theta0)],
            "target": [dict(name=n, **tensor_json(p)) for (n, _), p in zip(PARAM_SHAPES, target)],
        },
        "outputs": outputs,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "packages", "core", "test", "fixtures", "golden-sgd-unroll.json")
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(out)}: val loss {outputs['val']['loss']:.6f}, match loss {outputs['match']['loss']:.6f}")


def tensor_json(t):
    t = t.detach()
    # Python floats are float64 and json writes them with repr, which round-trips exactly.
    return {"shape": list(t.shape), "data": [v if isinstance(v, int) else float(v) for v in t.flatten().tolist()]}


if __name__ == "__main__":
    main()
