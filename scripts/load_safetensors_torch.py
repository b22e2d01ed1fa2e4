#!/usr/bin/env python3
"""Load a safetensors file (e.g. pad-gpu's distilled.safetensors) into PyTorch tensors.

For PyTorch installs without the `safetensors` package (Debian's python3-torch 1.13 has no loader):
the header is read with struct + json and each tensor is built with torch.frombuffer.

As a library:
    from load_safetensors_torch import load_safetensors
    tensors, metadata = load_safetensors("runs/x/distilled.safetensors")

From the shell (prints names, dtypes, shapes, metadata; --json adds sums, for checks):
    /usr/bin/python3 scripts/load_safetensors_torch.py FILE [--json]
"""
import json
import math
import struct
import sys

import torch

# torch 1.13 has no unsigned types wider than 8 bits; files with U16/U32/U64 are refused below.
TORCH_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}


def load_safetensors(path):
    """Returns ({name: tensor}, {key: value}) for the file at `path`."""
    if sys.byteorder != "little":
        raise ValueError("safetensors data is little-endian; this loader does not swap bytes")
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("%s: too short for a safetensors file" % path)
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError("%s: header length %d runs past the end of the file" % (path, n))
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    body = memoryview(data)[8 + n:]
    tensors = {}
    for name, info in header.items():
        dtype = info["dtype"]
        if dtype not in TORCH_DTYPES:
            raise ValueError("%s: tensor %r has dtype %s, which this torch cannot hold" % (path, name, dtype))
        begin, end = info["data_offsets"]
        if end > len(body):
            raise ValueError("%s: tensor %r runs past the end of the file" % (path, name))
        shape = info["shape"]
        if math.prod(shape) == 0:
            tensors[name] = torch.empty(shape, dtype=TORCH_DTYPES[dtype])
            continue
        # bytearray: frombuffer needs a writable buffer; the copy also makes the tensor own its memory.
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=TORCH_DTYPES[dtype])
        tensors[name] = flat.reshape(shape)
    return tensors, metadata


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    tensors, metadata = load_safetensors(args[0])
    if "--json" in sys.argv:
        summary = {
            name: {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "sum": float(t.double().sum())}
            for name, t in tensors.items()
        }
        print(json.dumps({"metadata": metadata, "tensors": summary}, indent=1))
    else:
        for name, t in tensors.items():
            print("%-24s %-10s %s" % (name, str(t.dtype).replace("torch.", ""), tuple(t.shape)))
        for key, value in metadata.items():
            print("%s: %s" % (key, value if len(value) < 200 else value[:200] + "..."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
