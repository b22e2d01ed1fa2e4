"""PyTorch versions of the networks pad-gpu implements, written to the semantics of the MTT/DATM/PAD
reference networks.py (module order, names, paddings), plus pad-gpu's counter-based generator so a
flat parameter vector initialised in TypeScript can be rebuilt here bit for bit.

Used by the golden-value generator (model_golden.py), the learning-test reference (fmnist_small.py)
and the throughput bench (train_throughput.py). Runs on Debian's python3-torch 1.13 (/usr/bin/python3).
"""
import gzip
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# ---------------------------------------------------------------- counter-based generator (counter-hash.ts)

M32 = np.uint64(0xFFFFFFFF)


def _lowbias32(v):
    x = np.asarray(v, dtype=np.uint64) & M32
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x7FEB352D)) & M32
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(0x846CA68B)) & M32
    x ^= x >> np.uint64(16)
    return x


def stream_key(seed):
    return int(_lowbias32((seed ^ 0x9E3779B9) & 0xFFFFFFFF))


def uniform_at(key, counters):
    """U[0, 1) with 24 random bits, the same numbers uniformAt() gives in TypeScript."""
    c = np.asarray(counters, dtype=np.uint64)
    bits = _lowbias32(((_lowbias32(c ^ np.uint64(key)) + np.uint64(key)) & M32))
    return (bits >> np.uint64(8)).astype(np.float64) * 5.960464477539063e-8


def flat_to_model(net, flat):
    """Copies a flat vector (PyTorch parameter order) into the network's parameters."""
    off = 0
    with torch.no_grad():
        for p in net.parameters():
            n = p.numel()
            p.copy_(torch.as_tensor(flat[off:off + n], dtype=p.dtype).view_as(p))
            off += n
    assert off == len(flat), (off, len(flat))


def counter_init(net, seed):
    """pad-gpu's ParamLayout.init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for conv/linear weights and biases,
    ones/zeros for norm layers, element i of the flat vector drawn from counter i."""
    key = stream_key(seed)
    flat = []
    off = 0
    modules = dict(net.named_modules())
    for name, p in net.named_parameters():
        mod = modules[name.rsplit('.', 1)[0]]
        n = p.numel()
        if isinstance(mod, (nn.GroupNorm, nn.BatchNorm2d)):
            v = np.full(n, 1.0 if name.endswith('weight') else 0.0)
        else:
            w = mod.weight
            fan_in = w.shape[1] * (w.shape[2] * w.shape[3] if w.dim() == 4 else 1)
            v = (2 * uniform_at(key, np.arange(off, off + n)) - 1) / np.sqrt(fan_in)
        flat.append(v.astype(np.float32))
        off += n
    flat = np.concatenate(flat)
    flat_to_model(net, flat)
    return flat


# ---------------------------------------------------------------- networks

def _norm(kind, c):
    if kind == 'instancenorm':
        return nn.GroupNorm(c, c, affine=True)
    if kind == 'batchnorm':
        return nn.BatchNorm2d(c)
    raise ValueError(kind)


class ConvNet(nn.Module):
    def __init__(self, channels, classes, width=128, depth=3, norm='instancenorm', im=(32, 32)):
        super().__init__()
        layers = []
        c, h, w = channels, im[0], im[1]
        for d in range(depth):
            pad = 3 if channels == 1 and d == 0 else 1
            layers.append(nn.Conv2d(c, width, 3, padding=pad))
            if norm != 'none':
                layers.append(_norm(norm, width))
            layers += [nn.ReLU(inplace=True), nn.AvgPool2d(2, 2)]
            c = width
            h, w = (h + 2 * pad - 2) // 2, (w + 2 * pad - 2) // 2
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(c * h * w, classes)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


class Block(nn.Module):
    def __init__(self, cin, planes, stride, norm, ap):
        super().__init__()
        self.stride, self.ap = stride, ap
        cs = 1 if ap else stride
        self.conv1 = nn.Conv2d(cin, planes, 3, stride=cs, padding=1, bias=False)
        self.bn1 = _norm(norm, planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = _norm(norm, planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != planes:
            mods = [nn.Conv2d(cin, planes, 1, stride=cs, bias=False)]
            if ap:
                mods.append(nn.AvgPool2d(2, 2))
            mods.append(_norm(norm, planes))
            self.shortcut = nn.Sequential(*mods)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        if self.ap and self.stride != 1:
            out = F.avg_pool2d(out, 2, 2)
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, channels, classes, norm='instancenorm', ap=False, im=(32, 32)):
        super().__init__()
        self.ap = ap
        self.conv1 = nn.Conv2d(channels, 64, 3, padding=1, bias=False)
        self.bn1 = _norm(norm, 64)
        cin, h = 64, im[0]
        for li, planes in enumerate([64, 128, 256, 512]):
            blocks = []
            for b in range(2):
                stride = 2 if li > 0 and b == 0 else 1
                blocks.append(Block(cin, planes, stride, norm, ap))
                cin = planes
                if stride == 2:
                    h = h // 2 if ap else (h - 1) // 2 + 1
            setattr(self, 'layer%d' % (li + 1), nn.Sequential(*blocks))
        fh = h if ap else h // 4
        self.classifier = nn.Linear(512 * fh * fh, classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer4(self.layer3(self.layer2(self.layer1(out))))
        if not self.ap:
            out = F.avg_pool2d(out, 4)
        return self.classifier(out.flatten(1))


class VGG11(nn.Module):
    def __init__(self, channels, classes, norm='instancenorm'):
        super().__init__()
        layers, c = [], channels
        for i, v in enumerate([64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M']):
            if v == 'M':
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(c, v, 3, padding=3 if channels == 1 and i == 0 else 1), _norm(norm, v), nn.ReLU(inplace=True)]
                c = v
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(512, classes)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


class AlexNet(nn.Module):
    def __init__(self, channels, classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, 128, 5, padding=4 if channels == 1 else 2), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2),
            nn.Conv2d(128, 192, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2),
            nn.Conv2d(192, 256, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(256, 192, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(192, 192, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2))
        self.fc = nn.Linear(192 * 4 * 4, classes)

    def forward(self, x):
        return self.fc(self.features(x).flatten(1))


class LeNet(nn.Module):
    def __init__(self, channels, classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, 6, 5, padding=2 if channels == 1 else 0), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2),
            nn.Conv2d(6, 16, 5), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2))
        self.fc_1 = nn.Linear(16 * 5 * 5, 120)
        self.fc_2 = nn.Linear(120, 84)
        self.fc_3 = nn.Linear(84, classes)

    def forward(self, x):
        x = self.features(x).flatten(1)
        return self.fc_3(F.relu(self.fc_2(F.relu(self.fc_1(x)))))


class MLP(nn.Module):
    def __init__(self, channels, classes, im=(28, 28)):
        super().__init__()
        self.fc_1 = nn.Linear(channels * im[0] * im[1], 128)
        self.fc_2 = nn.Linear(128, 128)
        self.fc_3 = nn.Linear(128, classes)

    def forward(self, x):
        return self.fc_3(F.relu(self.fc_2(F.relu(self.fc_1(x.flatten(1))))))


def build(name, channels, size, classes=10, width=128, depth=3):
    im = (size, size)
    table = {
        'convnet': lambda: ConvNet(channels, classes, width, depth, 'instancenorm', im),
        'convnetbn': lambda: ConvNet(channels, classes, width, depth, 'batchnorm', im),
        'convnetnn': lambda: ConvNet(channels, classes, width, depth, 'none', im),
        'resnet18': lambda: ResNet18(channels, classes, 'instancenorm', False, im),
        'resnet18bn': lambda: ResNet18(channels, classes, 'batchnorm', False, im),
        'resnet18ap': lambda: ResNet18(channels, classes, 'instancenorm', True, im),
        'resnet18bnap': lambda: ResNet18(channels, classes, 'batchnorm', True, im),
        'vgg11': lambda: VGG11(channels, classes),
        'vgg11bn': lambda: VGG11(channels, classes, 'batchnorm'),
        'alexnet': lambda: AlexNet(channels, classes),
        'lenet': lambda: LeNet(channels, classes),
        'mlp': lambda: MLP(channels, classes, im),
    }
    return table[name]()


# ---------------------------------------------------------------- Fashion-MNIST

FMNIST = os.environ.get('FMNIST_DIR', '/usr/share/datasets/fashion-mnist')
FMNIST_MEAN, FMNIST_STD = 0.2861, 0.3530


def load_fmnist(split):
    """(images [N,1,28,28] float32 normalised with the dataset mean/std, labels int64)."""
    prefix = 'train' if split == 'train' else 't10k'
    with gzip.open(os.path.join(FMNIST, '%s-images-idx3-ubyte.gz' % prefix)) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(os.path.join(FMNIST, '%s-labels-idx1-ubyte.gz' % prefix)) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    x = (x.astype(np.float32) / 255.0 - FMNIST_MEAN) / FMNIST_STD
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))
