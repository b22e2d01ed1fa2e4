"""Reference for the learning test in packages/core/test/train-learning.test.ts: ConvNet-3 (width 32,
instance norm) trained on the first 2,000 Fashion-MNIST training images (mean/std normalised) with
SGD lr 0.01, momentum 0.9, weight decay 5e-4, batch 64, 3 epochs, no augmentation; test accuracy on
the full 10,000-image test set and on its first 2,000 images. Repeated over seeds with PyTorch's
default init, and once with pad-gpu's counter-based init (seed 0) for a like-for-like number.

    /usr/bin/python3 scripts/reference/fmnist_small.py [--seeds 5] [--width 32] [--epochs 3]
"""
import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from ref_models import ConvNet, counter_init, load_fmnist  # noqa: E402

N_TRAIN, WIDTH, EPOCHS, BATCH, LR = 2000, 32, 3, 64, 0.01
# The test evaluates on the first 2,000 test images (the full 10,000 cost ~30 s on llvmpipe); both reported.
N_TEST_SMALL = 2000


def run(seed, counter, width=WIDTH, epochs=EPOCHS):
    torch.manual_seed(seed)
    xtr, ytr = load_fmnist('train')
    xte, yte = load_fmnist('test')
    xtr, ytr = xtr[:N_TRAIN], ytr[:N_TRAIN]
    net = ConvNet(1, 10, width, 3, 'instancenorm', (28, 28))
    if counter:
        counter_init(net, seed)
    opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=0.9, weight_decay=5e-4)
    for _ in range(epochs):
        perm = torch.randperm(N_TRAIN)
        for i in range(0, N_TRAIN, BATCH):
            idx = perm[i:i + BATCH]
            loss = F.cross_entropy(net(xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        hits = torch.cat([net(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000] for i in range(0, 10000, 1000)])
    return hits.float().mean().item(), hits[:N_TEST_SMALL].float().mean().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seeds', type=int, default=5)
    ap.add_argument('--width', type=int, default=WIDTH)
    ap.add_argument('--epochs', type=int, default=EPOCHS)
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count())
    t = time.time()
    print('width %d, %d epochs' % (args.width, args.epochs))
    runs = [run(s, False, args.width, args.epochs) for s in range(args.seeds)]
    for k, what in enumerate(['all 10,000 test images', 'first %d test images' % N_TEST_SMALL]):
        accs = [r[k] for r in runs]
        print('torch default init, %d seeds, %s: %s  mean %.4f  min %.4f' % (len(accs), what, ' '.join('%.4f' % a for a in accs), sum(accs) / len(accs), min(accs)))
    full, small = run(0, True, args.width, args.epochs)
    print('pad-gpu counter init (seed 0): %.4f (all), %.4f (first %d)' % (full, small, N_TEST_SMALL))
    print('%.1f s' % (time.time() - t))


if __name__ == '__main__':
    main()
