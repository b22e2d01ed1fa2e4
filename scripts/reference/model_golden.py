"""Golden values for packages/core/test/models-golden.test.ts: every model's parameter names and shapes
(PyTorch's named_parameters order), its parameter count, and its logits for a fixed input with
pad-gpu's counter-based initialisation (seed 1) rebuilt here. BatchNorm models run in training mode.

    /usr/bin/python3 scripts/reference/model_golden.py > scripts/reference/golden/models.json
"""
import json
import sys

import numpy as np
import torch

sys.path.insert(0, __import__('os').path.dirname(__file__))
from ref_models import build, counter_init, stream_key, uniform_at  # noqa: E402

NAMES = ['convnet', 'convnetbn', 'convnetnn', 'resnet18', 'resnet18bn', 'resnet18ap', 'resnet18bnap',
         'vgg11', 'vgg11bn', 'alexnet', 'lenet', 'mlp']


FORWARD = [(m, c, s, 2) for m in ['convnet', 'convnetbn', 'convnetnn', 'lenet', 'mlp'] for c, s in [(1, 28), (3, 32)]] + [
    ('resnet18', 3, 32, 1), ('resnet18bnap', 1, 28, 2), ('vgg11', 3, 32, 1), ('vgg11bn', 1, 28, 2), ('alexnet', 1, 28, 1)]


def images(n, c, s, seed=7):
    u = uniform_at(stream_key(seed), np.arange(n * c * s * s))
    return torch.tensor((2 * u - 1).reshape(n, c, s, s), dtype=torch.float64)


def main():
    torch.set_default_dtype(torch.float64)
    out = {'counts': {}, 'params': {}, 'logits': {}}
    for name in NAMES:
        for c, s in [(1, 28), (3, 32)]:
            key = '%s/%dx%d' % (name, c, s)
            net = build(name, c, s)
            out['counts'][key] = sum(p.numel() for p in net.parameters())
            if s == 32:
                out['params'][name] = ' '.join('%s:%s' % (k, 'x'.join(map(str, p.shape))) for k, p in net.named_parameters())
    # Forward passes: small ConvNets (width 16) and the small models on both geometries; one geometry
    # and one image for the big ones (the float64 CPU backend takes seconds per ResNet forward).
    for name, c, s, n in FORWARD:
        net = build(name, c, s, width=16)
        counter_init(net, 1)
        net.train()
        out['logits']['%s/%dx%d' % (name, c, s)] = [round(v, 7) for v in net(images(n, c, s)).detach().flatten().tolist()]
    # BatchNorm bookkeeping: running statistics after one training-mode forward, then evaluation logits.
    net = build('convnetbn', 1, 28, width=16)
    counter_init(net, 1)
    net.train()
    net(images(2, 1, 28))
    bn = net.features[1]
    net.eval()
    out['batchnorm'] = {
        'running_mean': [round(v, 9) for v in bn.running_mean.tolist()],
        'running_var': [round(v, 9) for v in bn.running_var.tolist()],
        'eval_logits': [round(v, 7) for v in net(images(2, 1, 28, seed=8)).detach().flatten().tolist()],
    }
    json.dump(out, sys.stdout, indent=1)


if __name__ == '__main__':
    main()
