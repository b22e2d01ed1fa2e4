#!/usr/bin/env python3
"""Validate a safetensors file with the Python standard library only, and summarise it as JSON.

An independent reader for pad-gpu's writer (it shares no code with packages/core/src/io/safetensors.ts):
it checks the rules of the format (https://github.com/huggingface/safetensors) that Python's
`safetensors` package enforces, so a file that passes here loads there.

    python3 scripts/check_safetensors.py FILE

Prints {"header_len", "metadata", "tensors": {name: {"dtype", "shape", "data_offsets", "aligned",
"sum", "first"}}} and exits 0, or prints the problem to stderr and exits 1.
"""
import json
import math
import struct
import sys

# dtype -> (bytes per element, struct code or None when struct cannot decode it)
DTYPES = {
    "F64": (8, "d"), "F32": (4, "f"), "F16": (2, "e"), "BF16": (2, None),
    "I64": (8, "q"), "I32": (4, "i"), "I16": (2, "h"), "I8": (1, "b"),
    "U64": (8, "Q"), "U32": (4, "I"), "U16": (2, "H"), "U8": (1, "B"), "BOOL": (1, "?"),
}
MAX_HEADER = 100_000_000


class Invalid(Exception):
    pass


def bf16_values(raw):
    """BF16 is the top half of an F32: widen each pattern and decode as F32."""
    halves = struct.unpack("<%dH" % (len(raw) // 2), raw)
    return struct.unpack("<%df" % len(halves), struct.pack("<%dI" % len(halves), *[h << 16 for h in halves]))


def check(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise Invalid("%d bytes; the 8-byte header length is missing" % len(data))
    (n,) = struct.unpack("<Q", data[:8])
    if n > MAX_HEADER:
        raise Invalid("header length %d is over 100 MB" % n)
    if 8 + n > len(data):
        raise Invalid("header length %d runs past the end of the file" % n)
    text = data[8:8 + n].decode("utf-8")
    if not text.startswith("{"):
        raise Invalid("header does not start with '{'")
    header = json.loads(text)
    if not isinstance(header, dict):
        raise Invalid("header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise Invalid("__metadata__ must map strings to strings")
    body = data[8 + n:]
    entries = []
    for name, info in header.items():
        dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
        if dtype not in DTYPES:
            raise Invalid("tensor %r: unknown dtype %r" % (name, dtype))
        if not (isinstance(shape, list) and all(isinstance(d, int) and d >= 0 for d in shape)):
            raise Invalid("tensor %r: bad shape %r" % (name, shape))
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(isinstance(o, int) for o in offsets)):
            raise Invalid("tensor %r: bad data_offsets %r" % (name, offsets))
        size = DTYPES[dtype][0] * math.prod(shape)
        if offsets[1] - offsets[0] != size:
            raise Invalid("tensor %r: %s %r needs %d bytes, offsets give %d" % (name, dtype, shape, size, offsets[1] - offsets[0]))
        entries.append((offsets[0], offsets[1], name, dtype, shape))
    entries.sort()
    end = 0
    for begin, stop, name, _, _ in entries:
        if begin != end:
            raise Invalid("tensor %r starts at %d, expected %d (hole or overlap)" % (name, begin, end))
        end = stop
    if end != len(body):
        raise Invalid("tensors cover %d bytes of data, the file has %d" % (end, len(body)))
    tensors = {}
    for begin, stop, name, dtype, shape in entries:
        width, code = DTYPES[dtype]
        raw = body[begin:stop]
        count = len(raw) // width
        values = bf16_values(raw) if dtype == "BF16" else struct.unpack("<%d%s" % (count, code), raw)
        tensors[name] = {
            "dtype": dtype, "shape": shape, "data_offsets": [begin, stop],
            "aligned": (8 + n + begin) % width == 0,
            "sum": float(sum(float(v) for v in values)),
            "first": [float(v) for v in values[:4]],
        }
    return {"header_len": n, "metadata": metadata, "tensors": tensors}


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        print(json.dumps(check(sys.argv[1]), indent=1))
    except (Invalid, UnicodeDecodeError, json.JSONDecodeError, OSError, AttributeError) as err:
        print("%s: invalid safetensors file: %s" % (sys.argv[1], err), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
