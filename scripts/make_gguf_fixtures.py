#!/usr/bin/python3
"""Writes the GGUF test files, by hand with struct, so they are independent of the C++ reader:

  tests/data/gguf/valid/       files the reader must accept (tst_gguffile checks their values)
    everything_v3.gguf   every metadata value type (scalars, arrays of each, an empty array, nested
                         arrays, UTF-8 strings), general.alignment 64, a gap between two tensors, and
                         tensors of all 13 types we decode (rows 0 and 1 of the ggml-made fixtures in
                         tests/data/gguf/dequant, so their floats are ggml's own), an IQ4_NL tensor
                         (opens, not decoded), a 1-D, a 0-D and a 3-D tensor
    v2.gguf              version 2, default alignment (32), one F32 tensor
    no_tensors.gguf      metadata only (vocabulary-only files look like this)
  tests/data/malformed/gguf/   one broken or hostile file per rule, and manifest.json: file name ->
                               a substring its message must contain (tst_gguffile, tst_peakmemory)

Layout (ggml docs/gguf.md): "GGUF", u32 version, u64 tensor count, u64 metadata count; metadata
entries (u64-length key, u32 value type, value); tensor infos (u64-length name, u32 dimension count,
u64 dimensions, u32 ggml type, u64 offset); padding to the alignment; the data section.

Run: /usr/bin/python3 scripts/make_gguf_fixtures.py (after make_ggml_dequant_fixtures.py)
"""

import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data")
VALID = os.path.join(DATA, "gguf", "valid")
MALFORMED = os.path.join(DATA, "malformed", "gguf")
DEQUANT = os.path.join(DATA, "gguf", "dequant")

# gguf_metadata_value_type
UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
SCALAR_FORMATS = {UINT8: "<B", INT8: "<b", UINT16: "<H", INT16: "<h", UINT32: "<I", INT32: "<i", FLOAT32: "<f",
                  BOOL: "<B", UINT64: "<Q", INT64: "<q", FLOAT64: "<d"}
# ggml_type numbers
GGML = {"F32": 0, "F16": 1, "Q4_0": 2, "Q4_1": 3, "Q5_0": 6, "Q5_1": 7, "Q8_0": 8, "Q2_K": 10, "Q3_K": 11,
        "Q4_K": 12, "Q5_K": 13, "Q6_K": 14, "IQ4_NL": 20, "BF16": 30}


def gstring(text):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def value(kind, payload):
    """The bytes of a value of `kind` (without its type field). Arrays: payload = (element kind, items)."""
    if kind == STRING:
        return gstring(payload)
    if kind == ARRAY:
        element, items = payload
        return struct.pack("<IQ", element, len(items)) + b"".join(value(element, item) for item in items)
    return struct.pack(SCALAR_FORMATS[kind], payload)


def entry(key, kind, payload):
    return gstring(key) + struct.pack("<I", kind) + value(kind, payload)


def tensor_info(name, dims, ggml_type, offset):
    return gstring(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims) + \
        struct.pack("<IQ", ggml_type, offset)


def header(tensors, entries, version=3):
    return b"GGUF" + struct.pack("<IQQ", version, tensors, entries)


def pad(blob, alignment):
    return blob + b"\0" * ((alignment - len(blob) % alignment) % alignment)


def gguf(entries, tensors=(), alignment=32, version=3):
    """A whole file: `entries` are encoded metadata entries, `tensors` (name, dims, type, data) are laid
    out one after another, each at the next multiple of `alignment`."""
    infos = b""
    data = b""
    for name, dims, ggml_type, payload in tensors:
        data = pad(data, alignment)
        infos += tensor_info(name, dims, ggml_type, len(data))
        data += payload
    return pad(header(len(tensors), len(entries), version) + b"".join(entries) + infos, alignment) + data


def write(path, blob):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob)


def dequant_rows(type_name, rows):
    """Rows [0, rows) of the ggml-made fixture of `type_name`: its bytes."""
    with open(os.path.join(DEQUANT, "manifest.json")) as f:
        row_bytes = json.load(f)["types"][type_name]["rowBytes"]
    with open(os.path.join(DEQUANT, type_name + ".quant"), "rb") as f:
        return f.read(row_bytes * rows)


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


# ---------------------------------------------------------------------------------------------
# valid/

def everything_v3():
    entries = [
        entry("general.architecture", STRING, "llama"),
        entry("general.alignment", UINT32, 64),
        entry("test.uint8", UINT8, 200),
        entry("test.int8", INT8, -100),
        entry("test.uint16", UINT16, 60000),
        entry("test.int16", INT16, -30000),
        entry("test.uint32", UINT32, 4000000000),
        entry("test.int32", INT32, -2000000000),
        entry("test.float32", FLOAT32, 0.15625),
        entry("test.bool", BOOL, 1),
        entry("test.string", STRING, "h\u00e9llo w\u00f6rld \u4e16\u754c"),
        entry("test.uint64", UINT64, 2 ** 63 + 5),
        entry("test.int64", INT64, -2 ** 62),
        entry("test.float64", FLOAT64, 1e300),
        entry("test.array.uint8", ARRAY, (UINT8, [1, 2, 255])),
        entry("test.array.int16", ARRAY, (INT16, [-32768, 0, 32767])),
        entry("test.array.int32", ARRAY, (INT32, [-1, 0, 7])),
        entry("test.array.uint64", ARRAY, (UINT64, [0, 2 ** 40])),
        entry("test.array.float32", ARRAY, (FLOAT32, [0.5, -1.25, 3.0e-38])),
        entry("test.array.float64", ARRAY, (FLOAT64, [0.1, -2.5])),
        entry("test.array.bool", ARRAY, (BOOL, [1, 0, 1])),
        entry("test.array.string", ARRAY, (STRING, ["a", "", "\u00fcn\u00ef", "<0x0A>"])),
        entry("test.array.empty", ARRAY, (INT64, [])),
        entry("test.array.nested", ARRAY, (ARRAY, [(INT32, [1, 2]), (INT32, [3]), (INT32, [])])),
        # A token that is part of a UTF-8 character, as real vocabularies hold: not refused.
        entry("test.array.partial_utf8", ARRAY, (STRING, [b"\xe4\xb8", b"ok"])),
    ]
    tensors = []
    for type_name in ["F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K",
                      "Q6_K"]:
        tensors.append((type_name.lower() + ".weight", [512, 2], GGML[type_name], dequant_rows(type_name, 2)))
    tensors.append(("iq4_nl.weight", [64, 1], GGML["IQ4_NL"], bytes(range(36))))
    tensors.append(("vector.bias", [8], GGML["F32"], f32(*[i * 0.5 for i in range(8)])))
    tensors.append(("scalar", [], GGML["F32"], f32(42.0)))
    tensors.append(("cube", [4, 3, 2], GGML["F32"], f32(*range(24))))
    # A gap of one alignment unit before the last tensor: the format allows it.
    blob = bytearray()
    infos = b""
    data = b""
    for i, (name, dims, ggml_type, payload) in enumerate(tensors):
        data = pad(data, 64)
        if name == "cube":
            data += b"\xee" * 64
        infos += tensor_info(name, dims, ggml_type, len(data))
        data += payload
    blob = pad(header(len(tensors), len(entries)) + b"".join(entries) + infos, 64) + data
    write(os.path.join(VALID, "everything_v3.gguf"), bytes(blob))


def valid_files():
    everything_v3()
    write(os.path.join(VALID, "v2.gguf"), gguf(
        [entry("general.architecture", STRING, "gpt2"), entry("general.name", STRING, "odd length")],
        [("weight", [3, 2], GGML["F32"], f32(1, 2, 3, 4, 5, 6))], version=2))
    write(os.path.join(VALID, "no_tensors.gguf"), gguf(
        [entry("tokenizer.ggml.model", STRING, "gpt2"),
         entry("tokenizer.ggml.tokens", ARRAY, (STRING, ["!", "\"", "#"]))]))


# ---------------------------------------------------------------------------------------------
# malformed/

def malformed_files():
    cases = {}

    def case(name, blob, message):
        write(os.path.join(MALFORMED, name + ".gguf"), blob)
        cases[name + ".gguf"] = message

    name_entry = entry("general.name", STRING, "x")
    one_f32 = [("a.weight", [4], GGML["F32"], f32(1, 2, 3, 4))]
    good = gguf([name_entry], one_f32)

    case("empty", b"", "not a GGUF file")
    case("not_gguf", b"GGML" + good[4:], "not a GGUF file")
    case("truncated_header", good[:12], "shorter than the 24-byte GGUF header")
    case("version_1", b"GGUF" + struct.pack("<I", 1) + good[8:], "GGUF version 1 is not supported")
    case("version_4", b"GGUF" + struct.pack("<I", 4) + good[8:], "GGUF version 4 is not supported")
    case("big_endian", b"GGUF" + struct.pack(">I", 3) + good[8:], "big-endian")

    case("huge_key_length", header(0, 1) + struct.pack("<Q", 2 ** 64 - 1) + b"general.name",
         "metadata entry 0: key: string length 18446744073709551615 runs past the end of the file")
    case("huge_string_length", header(0, 1) + gstring("general.name") + struct.pack("<IQ", STRING, 2 ** 63) + b"x" * 16,
         "metadata key 'general.name': string length 9223372036854775808 runs past the end of the file")
    case("huge_array_count", header(0, 1) + gstring("test.array") + struct.pack("<IIQ", ARRAY, UINT8, 2 ** 62) + b"\0" * 16,
         "metadata key 'test.array': array of 4611686018427387904 UINT8 elements needs at least 1 bytes each")
    case("huge_string_array_count",
         header(0, 1) + gstring("tokenizer.ggml.tokens") + struct.pack("<IIQ", ARRAY, STRING, 2 ** 60) + gstring("a") * 4,
         "array of 1152921504606846976 STRING elements needs at least 8 bytes each")
    case("huge_nested_array_count",
         header(0, 1) + gstring("test.nested") + struct.pack("<IIQ", ARRAY, ARRAY, 2 ** 40) + b"\0" * 24,
         "array of 1099511627776 ARRAY elements needs at least 12 bytes each")
    case("string_in_array_past_end",
         header(0, 1) + gstring("test.strings") + struct.pack("<IIQ", ARRAY, STRING, 2) + gstring("ok") +
         struct.pack("<Q", 1000) + b"short",
         "metadata key 'test.strings': element 1: string length 1000 runs past the end of the file")
    case("too_many_entries", header(0, 2 ** 40) + name_entry, "metadata entries; the limit is 65536")
    case("too_many_tensors", header(10 ** 6, 0), "1000000 tensors; the limit is 100000")
    case("counts_past_end", header(3, 1000) + name_entry, "more than the remaining")
    case("unknown_value_type", header(0, 1) + gstring("test.value") + struct.pack("<I", 13) + b"\0" * 8,
         "metadata key 'test.value': unknown value type 13")
    case("unknown_array_element_type", header(0, 1) + gstring("test.array") + struct.pack("<IIQ", ARRAY, 99, 1) + b"\0" * 8,
         "array of unknown value type 99")
    case("bool_invalid", header(0, 1) + gstring("test.flag") + struct.pack("<IB", BOOL, 2),
         "metadata key 'test.flag': BOOL value 2 is neither 0 nor 1")
    case("key_not_utf8", gguf([gstring(b"general.\xff") + struct.pack("<I", UINT8) + b"\1"]),
         "metadata entry 0: key is not valid UTF-8")
    case("key_too_long", gguf([entry("k" * 70000, UINT8, 1)]), "key of 70000 bytes is longer than the limit of 65535")
    case("duplicate_key", gguf([name_entry, entry("general.architecture", STRING, "llama"), name_entry]),
         "duplicate metadata key 'general.name'")
    nested = (INT32, [1])
    for _ in range(9):
        nested = (ARRAY, [nested])
    case("deep_nesting", gguf([entry("test.deep", ARRAY, nested)]), "arrays nested deeper than 8 levels")
    case("alignment_wrong_type", gguf([entry("general.alignment", STRING, "32")], one_f32),
         "metadata key 'general.alignment' is STRING, expected UINT32")
    case("alignment_uint64", gguf([entry("general.alignment", UINT64, 32)], one_f32),
         "metadata key 'general.alignment' is UINT64, expected UINT32")
    case("alignment_not_power_of_two", gguf([entry("general.alignment", UINT32, 48)], one_f32, alignment=48),
         "metadata key 'general.alignment' alignment 48 is not a power of two")
    case("alignment_zero", gguf([entry("general.alignment", UINT32, 0)], one_f32),
         "alignment 0 is not a power of two")

    def with_infos(infos, data=b"", alignment=32, count=None):
        count = len(infos) if count is None else count
        return pad(header(count, 1) + name_entry + b"".join(infos), alignment) + data

    sixteen = f32(*range(16))
    case("tensor_offset_out_of_range", with_infos([tensor_info("a.weight", [16], GGML["F32"], 64)], sixteen),
         "tensor 'a.weight': 64 bytes at offset 64 (dimensions [16] of F32) run past the end of the data section (64 bytes)")
    case("tensor_offset_huge", with_infos([tensor_info("a.weight", [16], GGML["F32"], 2 ** 62)], sixteen),
         "tensor 'a.weight': 64 bytes at offset 4611686018427387904")
    case("tensor_misaligned", with_infos([tensor_info("a.weight", [4], GGML["F32"], 16)], sixteen),
         "tensor 'a.weight': offset 16 is not a multiple of the alignment 32")
    case("tensors_overlap", with_infos([tensor_info("a.weight", [16], GGML["F32"], 0),
                                        tensor_info("b.weight", [8], GGML["F32"], 32)], sixteen),
         "tensors 'a.weight' [0, 64) and 'b.weight' [32, 64) overlap")
    case("dims_product_overflow", with_infos([tensor_info("a.weight", [2 ** 32, 2 ** 32, 2 ** 32], GGML["F32"], 0)], sixteen),
         "tensor 'a.weight': dimensions [4294967296, 4294967296, 4294967296] have more values than fit in 64 bits")
    case("bytes_overflow", with_infos([tensor_info("a.weight", [2 ** 62], GGML["F32"], 0)], sixteen),
         "tensor 'a.weight': a row of 4611686018427387904 values of F32 needs more bytes than fit in 64 bits")
    case("dimension_above_int64", with_infos([tensor_info("a.weight", [2 ** 63], GGML["F32"], 0)], sixteen),
         "tensor 'a.weight': dimension 0 is 9223372036854775808, above 2^63 - 1")
    # 2^33 values: counted exactly in 64 bits, 2^35 bytes that the file does not have.
    case("more_than_2_32_elements", with_infos([tensor_info("a.weight", [65536, 131072], GGML["F32"], 0)], sixteen),
         "tensor 'a.weight': 34359738368 bytes at offset 0 (dimensions [65536, 131072] of F32) run past the end")
    case("more_than_2_32_elements_q4_0",
         with_infos([tensor_info("a.weight", [2 ** 32 + 32, 2], GGML["Q4_0"], 0)], sixteen),
         "tensor 'a.weight': 4831838244 bytes at offset 0")
    case("unknown_ggml_type", with_infos([tensor_info("a.weight", [4], 99, 0)], sixteen),
         "tensor 'a.weight': unknown ggml type 99")
    case("removed_ggml_type", with_infos([tensor_info("a.weight", [32], 4, 0)], sixteen),
         "tensor 'a.weight': unknown ggml type 4")
    case("too_many_dims", with_infos([tensor_info("a.weight", [1, 1, 1, 1, 1], GGML["F32"], 0)], sixteen),
         "tensor 'a.weight': 5 dimensions; ggml has at most 4")
    case("row_not_whole_blocks", with_infos([tensor_info("a.weight", [100, 2], GGML["Q4_K"], 0)], sixteen),
         "tensor 'a.weight': row length 100 is not a whole number of Q4_K blocks of 256 values")
    case("duplicate_tensor", with_infos([tensor_info("a.weight", [4], GGML["F32"], 0),
                                         tensor_info("a.weight", [4], GGML["F32"], 32)], sixteen),
         "duplicate tensor name 'a.weight'")
    case("tensor_name_too_long", with_infos([tensor_info("n" * 65, [4], GGML["F32"], 0)], sixteen),
         "name of 65 bytes is longer than ggml's limit of 64")
    case("tensor_name_not_utf8", with_infos([tensor_info(b"a.\xc3", [4], GGML["F32"], 0)], sixteen),
         "tensor 0: name is not valid UTF-8")
    case("truncated_tensor_info", (header(1, 1) + name_entry + tensor_info("a.weight", [4, 4], GGML["F32"], 0))[:-10],
         "tensor 'a.weight': the file ends")
    case("data_section_past_end", header(1, 1) + name_entry + tensor_info("a.weight", [4], GGML["F32"], 0),
         "the data section would start at byte")
    case("truncated_data", good[:-4], "run past the end of the data section")

    with open(os.path.join(MALFORMED, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)
        f.write("\n")
    return cases


def main():
    for folder in (VALID, MALFORMED):
        if os.path.isdir(folder):
            shutil.rmtree(folder)
    valid_files()
    cases = malformed_files()
    print("valid: %d files, malformed: %d files" % (len(os.listdir(VALID)), len(cases)))


if __name__ == "__main__":
    main()
