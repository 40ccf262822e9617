#!/usr/bin/env python3
"""Writes the seed corpus of the differential fuzzer (tests/fuzz/corpus/), deterministically.

    python3 tests/fuzz/make_corpus.py            # rewrites tests/fuzz/corpus/seed-*

One small file per function of the math set at a point inside its domain (each binary function
with two variables and with a constant on either side), a few compositions, and domain edges,
in float and double. The byte format is the one expr.hpp decodes."""
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OPS = ["x0", "x1", "x2", "const", "neg", "abs", "fabs", "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2",
       "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
       "atanh", "erf", "erfc", "floor", "ceil", "round", "trunc", "+", "-", "*", "/", "+=", "-=", "*=", "/=",
       "pow", "atan2", "hypot", "fmin", "fmax", "min", "max", "copysign", "fmod", "fma"]
UNARY = OPS[4:34]
BINARY = OPS[34:51]


def number(v):
    """A grid value (v * 8 an integer in -64 .. 63) in one byte, anything else as 9 bytes."""
    k = v * 8
    if math.isfinite(k) and k == int(k) and -64 <= k <= 63:
        return bytes([int(k) + 64])
    return bytes([0x80]) + struct.pack("<d", v)


def encode(is_double, x, program):
    out = bytes([1 if is_double else 0]) + b"".join(number(v) for v in x)
    for tok in program:
        if isinstance(tok, (int, float)):
            out += bytes([OPS.index("const")]) + number(float(tok))
        else:
            out += bytes([OPS.index(tok)])
    return out


# A point inside each unary function's domain (acosh needs > 1, asin/acos/atanh |x| < 1).
INSIDE = {"acosh": 1.75, "asin": 0.375, "acos": -0.625, "atanh": 0.5, "log": 2.5, "log2": 0.75, "log10": 3.25,
          "log1p": -0.5, "sqrt": 1.5, "tan": 0.875}


SAFE = {"+": "add", "-": "sub", "*": "mul", "/": "div", "+=": "add_eq", "-=": "sub_eq", "*=": "mul_eq",
        "/=": "div_eq"}


def seeds():
    out = []
    for i, f in enumerate(UNARY):
        x0 = INSIDE.get(f, 0.625 if i % 2 else -1.25)
        out.append((f"unary-{f}", encode(i % 2 == 0, (x0, 0.5, 2.0), ["x0", f])))
    for i, f in enumerate(BINARY):
        x = (1.375, 0.75, -0.5)
        out.append((f"binary-{SAFE.get(f, f)}", encode(i % 2 == 1, x, ["x0", "x1", f])))
        out.append((f"binary-{SAFE.get(f, f)}-const", encode(i % 2 == 0, x, ["x0", 2.5, f, 0.5, "x1", f])))
    out.append(("fma", encode(True, (0.5, -1.5, 2.25), ["x0", "x1", "x2", "fma", 3.0, "x0", "x2", "fma", "*"])))
    out.append(("compose-1", encode(True, (0.3, 0.7, -0.2),
                                    ["x0", "sin", "x1", "*", "exp", "x2", "x0", "hypot", "log", "+"])))
    out.append(("compose-2", encode(False, (0.3, 0.7, -0.2),
                                    ["x0", "x1", "pow", "x2", "tanh", "/", "x0", "x1", "atan2", "-"])))
    out.append(("compose-3", encode(True, (1.5, 2.5, 0.25),
                                    ["x0", "x1", "*", "sqrt", "x2", "erf", "x0", "max", "*", "x1", "cbrt", "/="])))
    # Domain edges, kinks and non-finite points: the edge policy and NaN/Inf propagation.
    out.append(("edge-sqrt0", encode(True, (0.0, 1.0, 1.0), ["x0", "sqrt", "x1", "*"])))
    out.append(("edge-asin1", encode(True, (1.0, 1.0, 1.0), ["x0", "asin"])))
    out.append(("edge-abs0", encode(False, (0.0, 1.0, 1.0), ["x0", "abs", "x0", "x0", "copysign", "+"])))
    out.append(("edge-log-neg", encode(True, (-1.0, 1.0, 1.0), ["x0", "log", "x1", "+"])))
    out.append(("edge-hypot0", encode(True, (0.0, 0.0, 1.0), ["x0", "x1", "hypot", "x0", "x1", "atan2", "+"])))
    out.append(("edge-inf", encode(True, (float("inf"), 0.5, 1.0), ["x0", "atan", "x1", "*"])))
    out.append(("edge-nan", encode(False, (float("nan"), 0.5, 1.0), ["x0", "x1", "fmax", "x1", "fmin"])))
    out.append(("edge-tiny", encode(True, (1e-300, 1e-310, 1.0), ["x0", "x1", "/", "expm1", "x0", "log1p", "+"])))
    out.append(("edge-huge", encode(True, (700.0, 1e300, 1.0), ["x0", "exp", "x1", "x1", "*", "-"])))
    return out


def main():
    d = os.path.join(HERE, "corpus")
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(d):
        if name.startswith("seed-"):
            os.remove(os.path.join(d, name))
    for name, data in seeds():
        with open(os.path.join(d, f"seed-{name}"), "wb") as f:
            f.write(data)
    print(f"wrote {len(seeds())} seeds to {d}")


if __name__ == "__main__":
    main()
