"""One PAD distillation iteration in PyTorch, the way the reference code runs it (NUS-HPC-AI-Lab/PAD
distill/PAD_depth.py, after MTT's distill.py): the student's flat parameters are unrolled N steps with
create_graph=True, every step's graph is kept, and one backward from the masked matching loss gives the
gradients of the images, the soft-label logits and the learned lr. The benchmark
packages/bench/src/distill.ts runs this beside pad-gpu's constant-memory version on the same machine.

Prints one JSON object: per N, seconds per iteration (median of the repeats) and the bytes the
autograd graph holds at the end of the unroll (sum of the tensors saved for backward, counted with
saved_tensors_hooks: the memory that grows with N), plus the process's peak RSS.

    /usr/bin/python3 scripts/reference/distill_iteration.py --width 32 --ipc 1 --steps 20,40,80
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn.functional as F


def convnet_layout(channels, classes, width, depth, size):
    """Parameter shapes of ConvNet-IN (conv3x3 -> GroupNorm(c, c) -> ReLU -> avgpool) x depth + linear,
    in PyTorch order; a 1-channel input is padded by 3 in the first conv (28 -> 32), as the reference."""
    shapes, pads = [], []
    c, h = channels, size
    for d in range(depth):
        pad = 3 if channels == 1 and d == 0 else 1
        shapes += [(width, c, 3, 3), (width,), (width,), (width,)]
        pads.append(pad)
        c, h = width, (h + 2 * pad - 2) // 2
    shapes += [(classes, c * h * h), (classes,)]
    return shapes, pads


def forward(flat, x, shapes, pads, width):
    params, off = [], 0
    for s in shapes:
        n = 1
        for v in s:
            n *= v
        params.append(flat[off:off + n].view(s))
        off += n
    y = x
    for d, pad in enumerate(pads):
        w, b, gw, gb = params[4 * d:4 * d + 4]
        y = F.conv2d(y, w, b, padding=pad)
        y = F.group_norm(y, width, gw, gb)
        y = F.avg_pool2d(F.relu(y), 2)
    return F.linear(y.flatten(1), params[-2], params[-1])


def soft_ce(logits, target_logits):
    return torch.sum(-F.log_softmax(logits, dim=1) * F.softmax(target_logits, dim=1)) / logits.shape[0]


def iteration(images, labels, syn_lr, start, target, steps, batch_syn, alpha, shapes, pads, width, gen):
    """The reference's inner loop and loss; returns (loss, saved bytes at the end of the unroll)."""
    saved = [0]

    def pack(t):
        saved[0] += t.numel() * t.element_size()
        return t

    student = [start.clone().requires_grad_(True)]
    chunks = []
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        for _ in range(steps):
            if not chunks:
                chunks = list(torch.split(torch.randperm(len(images), generator=gen), batch_syn))
            idx = chunks.pop()
            out = forward(student[-1], images[idx], shapes, pads, width)
            g = torch.autograd.grad(soft_ce(out, labels[idx]), student[-1], create_graph=True)[0]
            student.append(student[-1] - syn_lr * g)
        keep = torch.arange(len(start))[int(alpha * len(start)):]
        num = F.mse_loss(student[-1], target, reduction='none')[keep].sum()
        den = F.mse_loss(start, target, reduction='none')[keep].sum()
        loss = num / den
    loss.backward()
    return loss.item(), saved[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--width', type=int, default=32)
    ap.add_argument('--ipc', type=int, default=1)
    ap.add_argument('--classes', type=int, default=10)
    ap.add_argument('--steps', default='20,40,80')
    ap.add_argument('--batch-syn', type=int, default=0, help='0: the whole synthetic set')
    ap.add_argument('--alpha', type=float, default=0.25)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--threads', type=int, default=0, help='torch threads (0: one per core)')
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    else:
        import os
        torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    shapes, pads = convnet_layout(1, args.classes, args.width, 3, 28)
    p = sum(int(torch.tensor(s).prod()) for s in shapes)
    n = args.classes * args.ipc
    images = torch.randn(n, 1, 28, 28, requires_grad=True)
    labels = torch.randn(n, args.classes, requires_grad=True)
    syn_lr = torch.tensor(0.01, requires_grad=True)
    start = torch.randn(p) * 0.05
    target = start + torch.randn(p) * 0.01
    results = []
    for steps in [int(s) for s in args.steps.split(',')]:
        times, saved = [], 0
        iteration(images, labels, syn_lr, start, target, 2, args.batch_syn or n, args.alpha, shapes, pads, args.width, gen)
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            _, saved = iteration(images, labels, syn_lr, start, target, steps, args.batch_syn or n, args.alpha, shapes, pads, args.width, gen)
            times.append(time.perf_counter() - t0)
            images.grad = labels.grad = syn_lr.grad = None
        results.append({'steps': steps, 'secondsPerIteration': statistics.median(times), 'savedGraphBytes': saved})
    print(json.dumps({
        'torch': torch.__version__, 'threads': torch.get_num_threads(), 'numParams': p, 'width': args.width,
        'ipc': args.ipc, 'results': results,
        'peakRssBytes': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == '__main__':
    main()
