"""PyTorch side of the `train` bench (packages/bench/src/train.ts): training throughput in images/s of
ConvNet-3 (instance norm, 1x28x28 Fashion-MNIST, batch 256, SGD momentum 0.9, weight decay 5e-4,
no augmentation) on this machine's CPU. Each width is timed with every thread count in --threads
(default 1 and all cores: on a shared machine OpenMP with all cores can collapse when another process
holds one) and the best is reported as the comparison. Prints one JSON object.

    /usr/bin/python3 scripts/reference/train_throughput.py [--widths 32,128] [--steps 6] [--warmup 2] [--threads 1,2]
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from ref_models import ConvNet, load_fmnist  # noqa: E402


def throughput(width, batch, steps, warmup, x, y):
    torch.manual_seed(0)
    net = ConvNet(1, 10, width, 3, 'instancenorm', (28, 28))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    n = x.shape[0]

    def step(i):
        idx = torch.randint(0, n, (batch,))
        loss = F.cross_entropy(net(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(warmup):
        step(i)
    t = time.perf_counter()
    for i in range(steps):
        step(i)
    dt = time.perf_counter() - t
    return {'width': width, 'batch': batch, 'steps': steps, 'seconds': dt, 'imagesPerSecond': batch * steps / dt}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--widths', default='32,128')
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--steps', type=int, default=6)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--threads', default='1,%d' % os.cpu_count())
    args = ap.parse_args()
    x, y = load_fmnist('train')
    x, y = x[:10000], y[:10000]
    results = []
    for w in args.widths.split(','):
        runs = []
        for t in sorted({int(t) for t in args.threads.split(',')}):
            torch.set_num_threads(t)
            runs.append(dict(throughput(int(w), args.batch, args.steps, args.warmup, x, y), threads=t))
        best = max(runs, key=lambda r: r['imagesPerSecond'])
        results.append(dict(best, byThreads={r['threads']: r['imagesPerSecond'] for r in runs}))
    print(json.dumps({'torch': torch.__version__, 'threads': max(r['threads'] for r in results), 'results': results}))


if __name__ == '__main__':
    main()
