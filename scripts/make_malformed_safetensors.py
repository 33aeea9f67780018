#!/usr/bin/python3
"""Writes the safetensors test corpus under tests/data/safetensors/ (tst_safetensors reads it).

  valid/       small well-formed files with hand-known values (F32, F16, BF16, I32, scalar, empty)
  reference/   every F16 and every BF16 bit pattern next to its float32 value as computed by
               numpy (F16) and PyTorch (BF16), so the C++ conversion is checked against both
  malformed/   one hostile or broken file per rule of the format, plus manifest.json mapping each
               file name to a substring its error message must contain

The files are written by hand with struct + json (Debian's torch has no `safetensors` package), which
also keeps this writer independent of the C++ reader. Layout: u64 little-endian header length N,
N bytes of UTF-8 JSON (padded with spaces to a multiple of 8, as the reference writer does), then
the data section; data_offsets are relative to the data section.

Run with /usr/bin/python3 (numpy and torch are only needed for reference/):
    /usr/bin/python3 scripts/make_malformed_safetensors.py
A large file for measuring open time (never committed; tst_safetensors reads it when
AE_SAFETENSORS_LARGE names it):
    /usr/bin/python3 scripts/make_malformed_safetensors.py --large /tmp/large.safetensors
"""

import json
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "safetensors")


def header_bytes(header, pad=True):
    """JSON text of `header` (a dict, or raw text/bytes used as is), padded with spaces to 8 bytes."""
    if isinstance(header, dict):
        text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    elif isinstance(header, str):
        text = header.encode("utf-8")
    else:
        text = header
    if pad:
        text += b" " * ((8 - len(text) % 8) % 8)
    return text


def container(header, data=b"", pad=True, length=None):
    """A whole file: length prefix (the real one unless `length` overrides it), header, data."""
    text = header_bytes(header, pad)
    n = len(text) if length is None else length
    return struct.pack("<Q", n) + text + data


class Layout:
    """Builds a header and data section from tensors given in file order."""

    def __init__(self):
        self.header = {}
        self.data = b""

    def add(self, name, dtype, shape, payload):
        begin = len(self.data)
        self.data += payload
        self.header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [begin, len(self.data)]}
        return self


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def u16(*values):
    return struct.pack("<%dH" % len(values), *values)


def write(path, blob):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob)


# ---------------------------------------------------------------------------------------------
# valid/

def make_valid():
    # basic: tensors stored in an order that differs from their name order.
    basic = Layout()
    basic.add("f32", "F32", [2, 3], f32(1.0, -2.5, 3.25, 0.0, -0.0, 0.1))
    # F16 bit patterns with values known by hand (see tst_safetensors.cpp).
    basic.add("f16", "F16", [10], u16(0x3C00, 0x0001, 0x7C00, 0xFC00, 0x7E00, 0x8000,
                                      0x3555, 0x7BFF, 0x0400, 0x03FF))
    basic.add("i32", "I32", [3], struct.pack("<3i", 1, -2, 3))
    basic.add("bf16", "BF16", [2, 2], u16(0x3F80, 0xC000, 0x7F80, 0x0001))
    basic.add("scalar", "F32", [], f32(42.0))
    basic.add("empty", "F32", [0, 3], b"")
    basic.add("a_last", "F32", [1], f32(-7.0))
    basic.header["__metadata__"] = {"format": "pt", "note": "hand-written"}
    write(os.path.join(ROOT, "valid", "basic.safetensors"), container(basic.header, basic.data))

    # unaligned: no header padding and an odd header length, so the F32 data is misaligned in memory.
    layout = Layout().add("w", "F32", [3], f32(1.0, 2.0, 3.0))
    text = header_bytes(layout.header, pad=False)
    if (8 + len(text)) % 4 == 0:
        text += b" "
    assert (8 + len(text)) % 4 != 0
    write(os.path.join(ROOT, "valid", "unaligned.safetensors"), container(text, layout.data, pad=False))

    # no tensors at all, no data: legal.
    write(os.path.join(ROOT, "valid", "no_tensors.safetensors"), container({}))

    # non-finite weights load (the loader warns): [nan, inf, 1, -inf].
    layout = Layout().add("w", "F32", [4], f32(float("nan"), float("inf"), 1.0, float("-inf")))
    write(os.path.join(ROOT, "valid", "nonfinite.safetensors"), container(layout.header, layout.data))


# ---------------------------------------------------------------------------------------------
# reference/

def make_reference():
    import numpy as np
    import torch

    bits = np.arange(65536, dtype=np.uint16)

    # F16: numpy's conversion; PyTorch must agree on every non-NaN value (a second opinion).
    f16_values = bits.view(np.float16).astype(np.float32)
    torch_f16 = torch.from_numpy(bits.view(np.int16).copy()).view(torch.float16).float().numpy()
    finite = ~np.isnan(f16_values)
    assert np.array_equal(f16_values[finite].view(np.uint32), torch_f16[finite].view(np.uint32))
    assert np.array_equal(np.isnan(f16_values), np.isnan(torch_f16))
    layout = Layout()
    layout.add("bits", "F16", [65536], bits.astype("<u2").tobytes())
    layout.add("reference", "F32", [65536], f16_values.astype("<f4").tobytes())
    write(os.path.join(ROOT, "reference", "f16_all.safetensors"), container(layout.header, layout.data))

    # BF16: PyTorch's conversion.
    bf16_values = torch.from_numpy(bits.view(np.int16).copy()).view(torch.bfloat16).float().numpy()
    layout = Layout()
    layout.add("bits", "BF16", [65536], bits.astype("<u2").tobytes())
    layout.add("reference", "F32", [65536], bf16_values.astype("<f4").tobytes())
    write(os.path.join(ROOT, "reference", "bf16_all.safetensors"), container(layout.header, layout.data))


# ---------------------------------------------------------------------------------------------
# malformed/

def one(dtype="F32", shape=(2,), offsets=(0, 8)):
    # Lists and tuples become JSON arrays; anything else is written as given (to test wrong types).
    as_json = lambda value: list(value) if isinstance(value, (list, tuple)) else value
    return {"dtype": dtype, "shape": as_json(shape), "data_offsets": as_json(offsets)}


EIGHT = bytes(range(8))


def malformed_cases():
    """(file name, file bytes, expected message substring)"""
    cases = []

    def case(name, blob, expected):
        cases.append((name + ".safetensors", blob, expected))

    # Length prefix and header framing.
    case("empty_file", b"", "shorter than 8 bytes")
    case("five_bytes", b"\x02\x00\x00\x00\x00", "shorter than 8 bytes")
    case("header_over_limit", container({}, length=100_000_001), "exceeds the limit")
    case("header_length_max_u64", container({}, length=2**64 - 1), "exceeds the limit")
    case("header_past_eof", container({"a": one()}, EIGHT, length=4096), "runs past the end of the file")
    case("header_one_past_eof", struct.pack("<Q", 3) + b"{}", "runs past the end of the file")
    case("header_empty", container(b"", pad=False), "not a JSON object (it is empty)")
    case("header_not_utf8", container(b'{"a\xff":1}'), "not valid UTF-8")
    case("header_overlong_utf8", container(b'{"\xc0\xaf":1}'), "not valid UTF-8")
    case("header_utf8_surrogate", container(b'{"\xed\xa0\x80":1}'), "not valid UTF-8")
    case("header_bom", container(b'\xef\xbb\xbf{}'), "must start with '{'")
    case("header_leading_space", container(b" {}"), "must start with '{'")
    case("header_array", container(b"[1, 2]"), "must start with '{'")
    case("header_not_json", container(b"{abc"), "not valid JSON")
    case("header_unterminated", container(b'{"a": {"dtype": "F32"'), "not valid JSON")
    case("header_garbage_after", container(b"{} x"), "not valid JSON")
    case("header_nul_padding", container(b"{}\x00\x00\x00\x00\x00\x00", pad=False), "not valid JSON")
    case("header_nan_literal", container(b'{"a": {"dtype": "F32", "shape": [NaN], "data_offsets": [0, 0]}}'),
         "not valid JSON")
    case("header_deep_nesting", container(b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}"), "not valid JSON")

    # Duplicates: JSON parsers keep one silently; the format forbids them.
    a = json.dumps(one())
    case("duplicate_tensor", container('{"a": %s, "a": %s}' % (a, a), EIGHT), "duplicate tensor name 'a'")
    case("duplicate_tensor_escaped", container('{"a": %s, "\\u0061": %s}' % (a, a), EIGHT),
         "duplicate tensor name 'a'")
    case("duplicate_field", container('{"a": {"dtype": "F32", "dtype": "F16", "shape": [2], '
                                      '"data_offsets": [0, 8]}}', EIGHT), "tensor 'a': duplicate field 'dtype'")
    case("duplicate_metadata_key", container('{"__metadata__": {"k": "1", "k": "2"}}'),
         "duplicate key 'k' in \"__metadata__\"")
    case("duplicate_metadata", container('{"__metadata__": {}, "__metadata__": {}}'),
         "duplicate tensor name '__metadata__'")

    # Entries.
    case("entry_not_object", container({"a": 5}), "tensor 'a': entry is 5, not a JSON object")
    case("entry_array", container({"a": [1]}), "tensor 'a': entry is an array")
    case("missing_dtype", container({"a": {"shape": [2], "data_offsets": [0, 8]}}, EIGHT),
         "tensor 'a': missing field \"dtype\"")
    case("missing_shape", container({"a": {"dtype": "F32", "data_offsets": [0, 8]}}, EIGHT),
         "tensor 'a': missing field \"shape\"")
    case("missing_offsets", container({"a": {"dtype": "F32", "shape": [2]}}, EIGHT),
         "tensor 'a': missing field \"data_offsets\"")
    case("dtype_not_string", container({"a": one(dtype=4)}, EIGHT), "tensor 'a': \"dtype\" is 4, not a string")
    case("dtype_unknown", container({"a": one(dtype="F128")}, EIGHT), "tensor 'a': unknown dtype 'F128'")
    case("dtype_lowercase", container({"a": one(dtype="f32")}, EIGHT), "tensor 'a': unknown dtype 'f32'")
    case("dtype_torch_spelling", container({"a": one(dtype="float32")}, EIGHT), "unknown dtype 'float32'")

    # Shapes.
    case("shape_not_array", container({"a": one(shape=2)}, EIGHT), "tensor 'a': \"shape\" is 2, not an array")
    case("shape_negative", container({"a": one(shape=[-2])}, EIGHT), "tensor 'a': shape[0] is -2")
    case("shape_fractional", container({"a": one(shape=[1.5])}, EIGHT), "tensor 'a': shape[0] is 1.5")
    case("shape_string", container({"a": one(shape=["2"])}, EIGHT), "tensor 'a': shape[0] is the string '2'")
    case("shape_null", container({"a": one(shape=[None])}, EIGHT), "tensor 'a': shape[0] is null")
    case("shape_bool", container({"a": one(shape=[True])}, EIGHT), "tensor 'a': shape[0] is true")
    case("shape_nested", container({"a": one(shape=[[2]])}, EIGHT), "tensor 'a': shape[0] is an array")
    case("shape_huge", container({"a": one(shape=[10**20])}, EIGHT), "tensor 'a': shape[0] is 1e+20")
    case("shape_2_pow_53", container({"a": one(shape=[2**53])}, EIGHT), "not an integer in [0, 2^53)")
    case("shape_exponent_overflow", container('{"a": {"dtype": "F32", "shape": [1e400], "data_offsets": [0, 8]}}',
                                              EIGHT), "not valid JSON")
    case("shape_product_overflow", container({"a": one(shape=[2**40, 2**40])}, EIGHT),
         "tensor 'a': shape [1099511627776, 1099511627776] has more elements than fit in 64 bits")
    case("shape_bytes_overflow", container({"a": one(dtype="F64", shape=[2**31, 2**31])}, EIGHT),
         "tensor 'a': shape [2147483648, 2147483648] of F64 needs more bytes than fit in 64 bits")
    # Claims a petabyte in an 8-byte file: must fail on the size check, not on an allocation.
    case("shape_claims_petabyte", container({"a": one(shape=[2**48])}, EIGHT),
         "hold 8 bytes, but shape [281474976710656] of F32 needs 1125899906842624 bytes")
    case("shape_size_mismatch", container({"a": one(shape=[3])}, EIGHT),
         "tensor 'a': data_offsets [0, 8] hold 8 bytes, but shape [3] of F32 needs 12 bytes")
    case("shape_dtype_mismatch", container({"a": one(dtype="F16", shape=[2])}, EIGHT),
         "shape [2] of F16 needs 4 bytes")

    # Offsets.
    case("offsets_not_array", container({"a": one(offsets=8)}, EIGHT), "tensor 'a': \"data_offsets\" is 8")
    case("offsets_one_value", container({"a": one(offsets=[8])}, EIGHT), "\"data_offsets\" has 1 elements, not two")
    case("offsets_three_values", container({"a": one(offsets=[0, 8, 8])}, EIGHT), "has 3 elements, not two")
    case("offsets_negative", container({"a": one(offsets=[-8, 0])}, EIGHT), "tensor 'a': data_offsets[0] is -8")
    case("offsets_fractional", container({"a": one(offsets=[0, 8.5])}, EIGHT), "tensor 'a': data_offsets[1] is 8.5")
    case("offsets_string", container({"a": one(offsets=["0", "8"])}, EIGHT), "data_offsets[0] is the string '0'")
    case("offsets_reversed", container({"a": one(offsets=[8, 0])}, EIGHT), "tensor 'a': data_offsets [8, 0] are reversed")
    case("offsets_past_data", container({"a": one(offsets=[0, 8])}, EIGHT[:4]),
         "tensor 'a': data_offsets [0, 8] run past the end of the data section (4 bytes)")
    case("offsets_huge", container({"a": one(shape=[2**50], offsets=[0, 2**52])}, EIGHT),
         "run past the end of the data section")
    case("offsets_overlap", container({"a": one(offsets=[0, 8]), "b": one(offsets=[4, 12])}, EIGHT + EIGHT[:4]),
         "tensors 'a' [0, 8) and 'b' [4, 12) overlap")
    case("offsets_alias", container({"a": one(offsets=[0, 8]), "b": one(offsets=[0, 8])}, EIGHT),
         "tensors 'a' [0, 8) and 'b' [0, 8) overlap")
    case("offsets_gap", container({"a": one(shape=[1], offsets=[0, 4]), "b": one(shape=[1], offsets=[8, 12])},
                                  EIGHT + EIGHT[:4]),
         "bytes [4, 8) of the data section before tensor 'b' belong to no tensor")
    case("offsets_gap_at_start", container({"a": one(shape=[1], offsets=[4, 8])}, EIGHT),
         "bytes [0, 4) of the data section before tensor 'a' belong to no tensor")
    case("trailing_bytes", container({"a": one(shape=[1], offsets=[0, 4])}, EIGHT), "4 trailing bytes [4, 8)")
    case("trailing_bytes_no_tensors", container({}, EIGHT), "lists no tensors, but the data section holds 8 bytes")
    case("empty_inside_other", container({"a": one(), "e": one(shape=[0], offsets=[4, 4])}, EIGHT),
         "tensors 'a' [0, 8) and 'e' [4, 4) overlap")

    # Metadata.
    case("metadata_not_object", container({"__metadata__": 5}), "\"__metadata__\" is 5, not a JSON object")
    case("metadata_list", container({"__metadata__": ["a"]}), "\"__metadata__\" is an array")
    case("metadata_number_value", container({"__metadata__": {"epoch": 3}}),
         "\"__metadata__\" value of key 'epoch' is 3, not a string")
    case("metadata_nested", container({"__metadata__": {"cfg": {"a": "b"}}}),
         "\"__metadata__\" value of key 'cfg' is an object")
    case("metadata_null_value", container({"__metadata__": {"k": None}}), "value of key 'k' is null")

    # Memory bounds: one entry may hold at most 1,000 numbers in its arrays and 10,000 values (a
    # real shape has a handful of dimensions). The header of a million tensors, the other bound,
    # is 55 MB: tst_peakmemory writes it at test time.
    case("shape_too_many_dimensions", container({"a": one(shape=[1] * 1001)}, EIGHT),
         "more than 1000 numbers in arrays")
    case("metadata_too_many_values", container({"__metadata__": {"k": [[]] * 10_000}}), "more than 10000 values")

    # A name long enough to matter in a message is shortened.
    long_name = "x" * 500
    case("long_name_bad_dtype", container({long_name: one(dtype="Q")}, EIGHT), "tensor '" + "x" * 77 + "...'")
    return cases


def make_malformed():
    folder = os.path.join(ROOT, "malformed")
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        os.remove(os.path.join(folder, old))
    manifest = {}
    for name, blob, expected in malformed_cases():
        assert name not in manifest, name
        assert len(blob) < 64 * 1024, name
        write(os.path.join(folder, name), blob)
        manifest[name] = expected
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True, ensure_ascii=True)
        f.write("\n")
    return len(manifest)


def make_large(path, megabytes=500):
    """A large F32 file for measuring open time (not committed): 24 tensors (768, n) of random floats."""
    import numpy as np

    rng = np.random.default_rng(0)
    count = 24
    columns = megabytes * 1024 * 1024 // (4 * 768 * count)
    header = {"__metadata__": {"purpose": "open-time measurement"}}
    size = 4 * 768 * columns
    for i in range(count):
        header["layer%02d.weight" % i] = {"dtype": "F32", "shape": [768, columns],
                                          "data_offsets": [i * size, (i + 1) * size]}
    with open(path, "wb") as f:
        text = header_bytes(header)
        f.write(struct.pack("<Q", len(text)) + text)
        for i in range(count):
            f.write(rng.standard_normal(768 * columns, dtype=np.float32).astype("<f4").tobytes())
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


if __name__ == "__main__":
    if "--large" in sys.argv:
        make_large(sys.argv[sys.argv.index("--large") + 1])
        sys.exit(0)
    make_valid()
    count = make_malformed()
    if "--no-reference" not in sys.argv:
        make_reference()
    print("wrote %d malformed files, valid/ and reference/ under %s" % (count, os.path.normpath(ROOT)))
