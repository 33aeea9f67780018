#!/usr/bin/python3
"""Writes tests/data/gguf/dequant/: quantised rows of every type we decode, next to the floats that
ggml itself decodes them to, so tst_ggmldequant compares our dequantisation with llama.cpp's own.

The reference is ggml's shared library as llama.cpp ships it prebuilt in the npm package
@node-llama-cpp/linux-x64 (scripts/fetch-llama-cpp.sh fetches and checks it). Through ctypes:
  ggml_quantize_chunk(type, floats, out, 0, rows, n_per_row, NULL)   quantises, as llama-quantize
                                                                     does without an importance matrix
  ggml_get_type_traits(type)->to_float(blocks, floats, n)           dequantises, as llama.cpp does
No line of our C++ is involved in either direction.

The layout of struct ggml_type_traits in that version's ggml.h is
  const char *type_name; int64_t blck_size; int64_t blck_size_interleave; size_t type_size;
  bool is_quantized; ggml_to_float_t to_float; ggml_from_float_t from_float_ref;
and the script checks it against ggml_type_name, ggml_blck_size and ggml_type_size before use.

Rows (each of ROW_LENGTH values: two K-quant super-blocks, sixteen 32-value blocks):
  quantised by ggml from floats: three of N(0, 1), only negative values, all zeros, a constant,
  huge values (scales near the top of F16), values so large that the F16 scale overflows to inf,
  tiny values (subnormal F16 scales), one outlier among small values;
  and three rows of random bytes, which ggml's quantisers never write but a file may hold: every
  bit pattern of scales and quants (NaN and inf scales included) decodes somehow, and must decode
  as ggml decodes it.

Files: manifest.json (the library, the row labels, and ggml's table of type sizes),
<TYPE>.quant (the rows' bytes, one after another) and <TYPE>.f32 (ggml's floats, little-endian).

Run: /usr/bin/python3 scripts/make_ggml_dequant_fixtures.py
"""

import ctypes
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "data", "gguf", "dequant")
ROW_LENGTH = 512

# ggml_type numbers (ggml.h) of the types we decode.
TYPES = {
    "F32": 0, "F16": 1, "Q4_0": 2, "Q4_1": 3, "Q5_0": 6, "Q5_1": 7, "Q8_0": 8,
    "Q2_K": 10, "Q3_K": 11, "Q4_K": 12, "Q5_K": 13, "Q6_K": 14, "BF16": 30,
}
# Every number of this ggml version (GGML_TYPE_COUNT is 43: q2_0 is the last), to record its table
# of block sizes; removed numbers report 0. The library does not export the count and reads past its
# table for larger numbers, so it is written here.
TYPE_NUMBERS_PROBED = range(0, 43)


class TypeTraits(ctypes.Structure):
    _fields_ = [
        ("type_name", ctypes.c_char_p),
        ("blck_size", ctypes.c_int64),
        ("blck_size_interleave", ctypes.c_int64),
        ("type_size", ctypes.c_size_t),
        ("is_quantized", ctypes.c_bool),
        ("to_float", ctypes.c_void_p),
        ("from_float_ref", ctypes.c_void_p),
    ]


ToFloat = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.c_int64)


def load_ggml():
    folder = subprocess.run([os.path.join(HERE, "fetch-llama-cpp.sh")], check=True, capture_output=True,
                            text=True).stdout.strip()
    lib = ctypes.CDLL(os.path.join(folder, "libggml-base.so"))
    lib.ggml_version.restype = ctypes.c_char_p
    lib.ggml_commit.restype = ctypes.c_char_p
    lib.ggml_type_name.restype = ctypes.c_char_p
    lib.ggml_type_name.argtypes = [ctypes.c_int]
    lib.ggml_blck_size.restype = ctypes.c_int64
    lib.ggml_blck_size.argtypes = [ctypes.c_int]
    lib.ggml_type_size.restype = ctypes.c_size_t
    lib.ggml_type_size.argtypes = [ctypes.c_int]
    lib.ggml_row_size.restype = ctypes.c_size_t
    lib.ggml_row_size.argtypes = [ctypes.c_int, ctypes.c_int64]
    lib.ggml_get_type_traits.restype = ctypes.POINTER(TypeTraits)
    lib.ggml_get_type_traits.argtypes = [ctypes.c_int]
    lib.ggml_quantize_init.argtypes = [ctypes.c_int]
    lib.ggml_quantize_chunk.restype = ctypes.c_size_t
    lib.ggml_quantize_chunk.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64,
                                        ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p]
    with open(os.path.join(folder, "_nlcBuildMetadata.json")) as f:
        build = json.load(f)
    return lib, build


def traits_of(lib, number):
    traits = lib.ggml_get_type_traits(number).contents
    # The struct layout assumed above, checked against the library's own accessors.
    assert traits.type_name == lib.ggml_type_name(number), (number, traits.type_name)
    assert traits.blck_size == lib.ggml_blck_size(number), number
    assert traits.type_size == lib.ggml_type_size(number), number
    return traits


def float_rows(rng):
    """(label, floats) of the rows that ggml quantises."""
    normal = lambda: rng.standard_normal(ROW_LENGTH).astype(np.float32)
    outlier = (normal() * 0.01).astype(np.float32)
    outlier[37] = 1000.0
    return [
        ("normal 1", normal()),
        ("normal 2", normal()),
        ("normal 3", normal()),
        ("negative only", -np.abs(normal())),
        ("all zeros", np.zeros(ROW_LENGTH, np.float32)),
        ("constant 0.5", np.full(ROW_LENGTH, 0.5, np.float32)),
        ("huge (scales near the F16 maximum)", normal() * np.float32(3e4)),
        ("F16 scale overflows to inf", normal() * np.float32(1e7)),
        ("tiny (subnormal F16 scales)", normal() * np.float32(1e-6)),
        ("one outlier among small values", outlier),
    ]


def main():
    lib, build = load_ggml()
    rng = np.random.default_rng(20250615)
    os.makedirs(OUT, exist_ok=True)

    manifest = {
        "ggml": {
            "version": lib.ggml_version().decode(),
            "commit": lib.ggml_commit().decode(),
            "package": "@node-llama-cpp/linux-x64@3.22.1",
            "llamaCppRelease": build["buildOptions"]["llamaCpp"]["release"],
        },
        "rowLength": ROW_LENGTH,
        "types": {},
        "typeTable": [],
    }
    for number in TYPE_NUMBERS_PROBED:
        block = lib.ggml_blck_size(number)
        name = lib.ggml_type_name(number)
        if block > 0 and name is not None:
            manifest["typeTable"].append({"number": number, "name": name.decode().upper(),
                                          "blockSize": block, "blockBytes": lib.ggml_type_size(number)})

    for name, number in TYPES.items():
        traits = traits_of(lib, number)
        row_bytes = lib.ggml_row_size(number, ROW_LENGTH)
        labels = []
        quantised = bytearray()
        floats = []
        lib.ggml_quantize_init(number)
        for label, row in float_rows(rng):
            row = np.ascontiguousarray(row, dtype=np.float32)
            out = (ctypes.c_uint8 * row_bytes)()
            written = lib.ggml_quantize_chunk(number, row.ctypes.data, ctypes.addressof(out), 0, 1, ROW_LENGTH, None)
            assert written == row_bytes, (name, written, row_bytes)
            labels.append(label)
            quantised += bytes(out)
        for i in range(3):
            labels.append("random bytes %d" % (i + 1))
            quantised += rng.integers(0, 256, row_bytes, dtype=np.uint8).tobytes()

        for r in range(len(labels)):
            source = (ctypes.c_uint8 * row_bytes).from_buffer_copy(quantised[r * row_bytes:(r + 1) * row_bytes])
            target = np.zeros(ROW_LENGTH, np.float32)
            if traits.to_float:
                ToFloat(traits.to_float)(ctypes.addressof(source),
                                         target.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), ROW_LENGTH)
            else:
                # ggml has no to_float for F32 (there is nothing to convert); its bytes are its floats.
                assert name == "F32", name
                target = np.frombuffer(bytes(source), dtype="<f4").copy()
            floats.append(target)

        with open(os.path.join(OUT, name + ".quant"), "wb") as f:
            f.write(bytes(quantised))
        with open(os.path.join(OUT, name + ".f32"), "wb") as f:
            f.write(np.concatenate(floats).astype("<f4").tobytes())
        manifest["types"][name] = {"number": number, "rowBytes": row_bytes, "rows": labels,
                                   "ggmlHasToFloat": bool(traits.to_float)}
        print("%-5s %d rows of %d bytes" % (name, len(labels), row_bytes))

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
