#!/usr/bin/env python3
"""Independent re-implementation of the engine's token embedding (src/core/embedding.cpp), used to pin
the values in tests/core/tst_attentionengine.cpp: FNV-1a 64 of "embedding:" + UTF-8 text seeds a
SplitMix64 stream; each entry is an Irwin-Hall normal (sum of 12 uniforms - 6) / sqrt(d_model).

    python3 scripts/embedding_reference.py cat 4
"""
import math
import struct
import sys

MASK = 2**64 - 1


def fnv1a64(data, basis=14695981039346656037):
    h = basis
    for byte in data:
        h = ((h ^ byte) * 1099511628211) & MASK
    return h


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def bits(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def normal(self):
        return sum((self.bits() >> 11) * 2.0**-53 for _ in range(12)) - 6.0


def embedding(text, d_model):
    stream = SplitMix64(SplitMix64(0 ^ fnv1a64(b"embedding:" + text.encode("utf-8"))).bits())
    scale = 1.0 / math.sqrt(d_model)
    return [struct.unpack("f", struct.pack("f", stream.normal() * scale))[0] for _ in range(d_model)]


if __name__ == "__main__":
    word, width = sys.argv[1], int(sys.argv[2])
    print(" ".join("%.9g" % v for v in embedding(word, width)))
