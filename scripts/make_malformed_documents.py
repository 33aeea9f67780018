#!/usr/bin/env python3
"""Writes the malformed session and matrix file corpus under tests/data/malformed/ (read by
tests/core/hardening/tst_malformeddocuments and by the command-line session cases).

  session/    *.attn.json session files: broken JSON, wrong types, absurd sizes, a configuration
              the matrices do not fit; good.attn.json is the valid file each case breaks
  matrices/   matrix JSON (*.json) for heads 2, d_model 3, d_k 2, d_v 2, and NumPy .npy files;
              good.json / good.npy are valid
  each folder has manifest.json: file name -> a substring its error message must contain

Plain Python only (json + struct; no NumPy, so the .npy bytes are laid out here from the format's
published description), independent of the C++ readers. Run: python3 scripts/make_malformed_documents.py
"""
import copy
import json
import os
import shutil
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "malformed")


def grid(rows, cols, offset):
    return [[(offset + r * cols + c) / 16.0 - 1.0 for c in range(cols)] for r in range(rows)]


def matrices(heads=2, d_model=3, d_k=2, d_v=2):
    layer = {"heads": [], "w_o": grid(heads * d_v, d_model, 100)}
    for h in range(heads):
        layer["heads"].append({"w_q": grid(d_model, d_k, 10 * h), "w_k": grid(d_model, d_k, 10 * h + 3),
                               "w_v": grid(d_model, d_v, 10 * h + 6)})
    return {"layers": [layer], "embeddings": {"cat": [0.5, -0.25, 0.125]}}


GOOD_SESSION = {
    "format": "attention-explorer-session", "version": 1, "sentence": "the cat sat", "preset": "",
    "config": {"heads": 2, "d_model": 3, "d_k": 2, "d_v": 2, "seed": 7, "causal": True, "temperature": 1.0,
               "scale": True, "positional": "sinusoidal"},
    "view": {"layer": 0, "head": 1, "query": 2, "key": 0, "pinned": True, "color_map": "magma",
             "cell_value": "weights", "flow_heads": "all", "flow_threshold": 0.125, "flow_top_k": 3},
    **matrices(),
}
GOOD_MATRICES = {"format": "attention-explorer-matrices", "version": 1, **matrices()}


class Corpus:
    def __init__(self, folder):
        self.folder = os.path.join(ROOT, folder)
        self.manifest = {}
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)

    def write(self, name, blob):
        with open(os.path.join(self.folder, name), "wb") as f:
            f.write(blob.encode("utf-8") if isinstance(blob, str) else blob)

    def case(self, name, blob, expected):
        self.write(name, blob)
        self.manifest[name] = expected

    def changed(self, name, base, edit, expected):
        """A copy of `base` changed by edit(document), written as JSON."""
        document = copy.deepcopy(base)
        edit(document)
        self.case(name, json.dumps(document, indent=1, ensure_ascii=False), expected)

    def finish(self):
        with open(os.path.join(self.folder, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(self.manifest, f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print(f"{len(self.manifest)} malformed cases in {os.path.normpath(self.folder)}")


def setter(path, value):
    """edit() that sets document[path[0]][path[1]]... = value (value DELETE removes the key)."""
    def edit(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return edit


DELETE = object()

# ---- session/ ----------------------------------------------------------------------------------
s = Corpus("session")
good = json.dumps(GOOD_SESSION, indent=1)
s.write("good.attn.json", good)
s.case("empty.attn.json", "", "the file ends where a value was expected")
s.case("truncated.attn.json", good[: len(good) // 2], "(truncated?)")
s.case("not_json.attn.json", "this is not JSON\n", "not valid JSON at line 1, column 1")
s.case("array.attn.json", "[" + good + "]", "expected a JSON object, found an array")
s.case("bom.attn.json", b"\xef\xbb\xbf" + good.encode("utf-8"), "not valid JSON at line 1, column 1")
s.case("not_utf8.attn.json", good.encode("utf-8").replace(b"the cat sat", b"the c\xe0t sat"), "not valid UTF-8")
s.case("lone_surrogate.attn.json", good.replace("the cat sat", "the cat \\ud800sat"), "a high surrogate without its low half")
s.case("nan_literal.attn.json", good.replace('"temperature": 1.0', '"temperature": NaN'), "not valid JSON")
s.case("number_too_large.attn.json", good.replace('"temperature": 1.0', '"temperature": 1e400'), "is too large")
s.case("duplicate_key.attn.json", good.replace('"preset": ""', '"preset": "", "preset": "x"'), 'the key "preset" appears twice')
s.case("deep_nesting.attn.json", '{"x": ' + "[" * 1000 + "]" * 1000 + "}", "nested deeper than 64 levels")
s.changed("wrong_format.attn.json", GOOD_SESSION, setter(["format"], "attention-explorer-matrices"),
          "not an Attention Explorer file")
s.changed("version_2.attn.json", GOOD_SESSION, setter(["version"], 2), "format version 2 is not supported")
s.changed("version_string.attn.json", GOOD_SESSION, setter(["version"], "1"), '"version" is missing or not a number')
s.changed("sentence_missing.attn.json", GOOD_SESSION, setter(["sentence"], DELETE), "session.sentence is missing")
s.changed("sentence_number.attn.json", GOOD_SESSION, setter(["sentence"], 42), "session.sentence is a number, expected a string")
s.changed("sentence_too_long.attn.json", GOOD_SESSION, setter(["sentence"], "x" * 100001),
          "the sentence has 100001 characters; the limit is 100000")
s.changed("too_many_tokens.attn.json", GOOD_SESSION, setter(["sentence"], "a " * 4097),
          "the sentence has 4097 tokens; the limit is 4096")
s.changed("config_missing.attn.json", GOOD_SESSION, setter(["config"], DELETE), '"config" is missing or not an object')
s.changed("config_array.attn.json", GOOD_SESSION, setter(["config"], [2, 3, 2, 2]), '"config" is missing or not an object')
s.changed("heads_zero.attn.json", GOOD_SESSION, setter(["config", "heads"], 0), "config.heads must be a whole number from 1 to 64, got 0")
s.changed("heads_huge.attn.json", GOOD_SESSION, setter(["config", "heads"], 10 ** 12), "config.heads must be a whole number from 1 to 64")
s.changed("heads_string.attn.json", GOOD_SESSION, setter(["config", "heads"], "2"), "config.heads is a string, expected a number")
s.changed("d_model_fraction.attn.json", GOOD_SESSION, setter(["config", "d_model"], 2.5), "config.d_model must be a whole number")
s.changed("d_k_huge.attn.json", GOOD_SESSION, setter(["config", "d_k"], 2 ** 31), "config.d_k must be a whole number from 1 to 1024")
s.changed("temperature_zero.attn.json", GOOD_SESSION, setter(["config", "temperature"], 0), "temperature")
s.changed("temperature_negative.attn.json", GOOD_SESSION, setter(["config", "temperature"], -1), "temperature")
s.changed("temperature_string.attn.json", GOOD_SESSION, setter(["config", "temperature"], "hot"),
          "config.temperature is a string, expected a number")
s.changed("seed_negative.attn.json", GOOD_SESSION, setter(["config", "seed"], -1), "config.seed must be a whole number")
s.changed("seed_text.attn.json", GOOD_SESSION, setter(["config", "seed"], "many"), "config.seed must be a whole number")
s.changed("positional_unknown.attn.json", GOOD_SESSION, setter(["config", "positional"], "rotary"),
          'config.positional is "rotary"; known values: none, sinusoidal')
s.changed("layers_missing.attn.json", GOOD_SESSION, setter(["layers"], DELETE), '"layers" is missing or not an array')
s.changed("layers_two.attn.json", GOOD_SESSION, lambda d: d["layers"].append(d["layers"][0]),
          '"layers" has 2 entries; the teaching model has exactly 1')
s.changed("heads_more_than_matrices.attn.json", GOOD_SESSION, setter(["config", "heads"], 3),
          "layer0 has 2 heads; the configuration has 3")
s.changed("d_model_other_than_matrices.attn.json", GOOD_SESSION, setter(["config", "d_model"], 4),
          "layer0.head0.w_q: expected shape")
s.changed("matrix_row_short.attn.json", GOOD_SESSION, lambda d: d["layers"][0]["heads"][0]["w_k"][1].pop(),
          "layer0.head0.w_k: row 1 has 1 numbers, expected 2")
s.changed("matrix_one_row.attn.json", GOOD_SESSION, setter(["layers", 0, "heads", 1, "w_v"], [1, 2, 3]),
          "layer0.head1.w_v: expected an array of rows")
s.changed("matrix_string_entry.attn.json", GOOD_SESSION, setter(["layers", 0, "heads", 0, "w_q", 0, 1], "0.5"),
          "layer0.head0.w_q: entry [0, 1] is a string, expected a number")
s.changed("matrix_float_overflow.attn.json", GOOD_SESSION, setter(["layers", 0, "w_o", 2, 2], 1e39),
          "layer0.w_o: entry [2, 2] does not fit in a 32-bit float")
s.changed("w_o_missing.attn.json", GOOD_SESSION, lambda d: d["layers"][0].pop("w_o"), "layer0.w_o: missing")
s.changed("embedding_short.attn.json", GOOD_SESSION, setter(["embeddings", "cat"], [1.0, 2.0]),
          "expected 3 numbers (d_model), found 2")
s.changed("embedding_empty_token.attn.json", GOOD_SESSION, setter(["embeddings", ""], [1.0, 2.0, 3.0]),
          "an embedding has an empty token")
s.changed("embeddings_array.attn.json", GOOD_SESSION, setter(["embeddings"], [[1, 2, 3]]), '"embeddings" is an array, expected an object')
s.changed("view_head_out_of_range.attn.json", GOOD_SESSION, setter(["view", "head"], 64), "view.head must be a whole number from 0 to 63")
s.changed("view_query_huge.attn.json", GOOD_SESSION, setter(["view", "query"], 1e15), "view.query must be a whole number")
s.changed("view_color_map_unknown.attn.json", GOOD_SESSION, setter(["view", "color_map"], "jet"), 'view.color_map is "jet"')
s.changed("view_threshold_above_one.attn.json", GOOD_SESSION, setter(["view", "flow_threshold"], 2),
          "view.flow_threshold must be between 0 and 1")
s.changed("view_layout_not_base64.attn.json", GOOD_SESSION, setter(["view", "window_layout"], "not base64!"),
          "view.window_layout is not base64")
s.changed("view_not_object.attn.json", GOOD_SESSION, setter(["view"], "default"), '"view" is a string, expected an object')
s.finish()

# ---- matrices/ ---------------------------------------------------------------------------------
m = Corpus("matrices")
good = json.dumps(GOOD_MATRICES, indent=1)
m.write("good.json", good)
m.case("empty.json", "", "the file ends where a value was expected")
m.case("truncated.json", good[: len(good) // 3], "(truncated?)")
m.case("session_instead.json", json.dumps(GOOD_SESSION), "not an Attention Explorer file")
m.changed("version_string.json", GOOD_MATRICES, setter(["version"], "1"), '"version" is missing or not a number')
m.changed("heads_three.json", GOOD_MATRICES, lambda d: d["layers"][0]["heads"].append(d["layers"][0]["heads"][0]),
          "layer0 has 3 heads; the configuration has 2")
m.changed("w_q_transposed.json", GOOD_MATRICES, setter(["layers", 0, "heads", 0, "w_q"], grid(2, 3, 0)),
          "layer0.head0.w_q: expected shape")
m.changed("ragged_rows.json", GOOD_MATRICES, lambda d: d["layers"][0]["w_o"][3].append(1.0),
          "layer0.w_o: row 3 has 4 numbers, expected 3")
m.changed("row_not_array.json", GOOD_MATRICES, setter(["layers", 0, "w_o", 1], 7), "layer0.w_o: row 1 is a number")
m.changed("null_entry.json", GOOD_MATRICES, setter(["layers", 0, "heads", 1, "w_k", 2, 0], None),
          "layer0.head1.w_k: entry [2, 0] is null, expected a number")
m.changed("float_overflow.json", GOOD_MATRICES, setter(["layers", 0, "heads", 1, "w_k", 2, 0], -3.5e38),
          "layer0.head1.w_k: entry [2, 0] does not fit in a 32-bit float")
m.changed("layers_object.json", GOOD_MATRICES, setter(["layers"], {"0": 1}), '"layers" is missing or not an array')
m.changed("embedding_strings.json", GOOD_MATRICES, setter(["embeddings", "dog"], ["1", "2", "3"]),
          "embeddings.dog: expected an array of 3 numbers")


def npy(descr="<f4", fortran=False, shape=(3, 2), data=None, version=(1, 0), header=None, magic=b"\x93NUMPY"):
    """A .npy file laid out as numpy.lib.format writes it (header padded to a multiple of 64)."""
    if header is None:
        dims = ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "")
        header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (descr, "True" if fortran else "False", dims)
    length_bytes = 2 if version[0] == 1 else 4
    prefix = len(magic) + 2 + length_bytes
    total = (prefix + len(header) + 1 + 63) // 64 * 64
    header = header + " " * (total - prefix - len(header) - 1) + "\n"
    length = struct.pack("<H" if length_bytes == 2 else "<I", len(header))
    if data is None:
        count = 1
        for n in shape:
            count *= n
        data = struct.pack("<%df" % count, *[i / 8.0 for i in range(count)])
    return magic + bytes(version) + length + header.encode("latin-1") + data


m.write("good.npy", npy())
m.case("empty.npy", b"", "not a NumPy .npy file")
m.case("bad_magic.npy", npy(magic=b"\x93NUMPX"), "not a NumPy .npy file")
m.case("version_9.npy", npy(version=(9, 0)), ".npy format version 9.0 is not supported")
m.case("header_cut.npy", npy()[:9], "not a NumPy .npy file")
m.case("header_claims_more.npy", npy()[:8] + struct.pack("<H", 60000) + npy()[10:], "the .npy header claims 60000 bytes")
m.case("header_claims_4gib.npy", npy(version=(2, 0))[:8] + struct.pack("<I", 0xFFFFFFFF) + npy(version=(2, 0))[12:],
       "the .npy header claims 4294967295 bytes; at most 65536 are accepted")
m.case("header_not_dict.npy", npy(header="['<f4', False, (3, 2)]"), "the .npy header is not a Python dict")
m.case("header_no_shape.npy", npy(header="{'descr': '<f4', 'fortran_order': False, }"), "lacks 'descr', 'fortran_order' or 'shape'")
m.case("pickled_objects.npy", npy(descr="|O", data=b"\x80\x02]q\x00."), "dtype '|O' is not supported")
m.case("int64.npy", npy(descr="<i8", data=struct.pack("<6q", *range(6))), "dtype '<i8' is not supported")
m.case("big_endian.npy", npy(descr=">f4", data=struct.pack(">6f", *range(6))), "big-endian")
m.case("fortran_order.npy", npy(fortran=True), "Fortran (column-major) order")
m.case("rank3.npy", npy(shape=(1, 3, 2)), "the array is 3-dimensional")
m.case("vector.npy", npy(shape=(6,)), "the array is 1-dimensional")
m.case("negative_shape.npy", npy(shape=(-3, -2)), "the .npy shape has the value \"-3\"")
m.case("shape_text.npy", npy(header="{'descr': '<f4', 'fortran_order': False, 'shape': (3, two), }"),
       "the .npy shape has the value \"two\"")
m.case("shape_overflow.npy", npy(shape=(2 ** 62, 8), data=b"\0" * 16), "needs more than 2^63 bytes")
m.case("shape_huge.npy", npy(shape=(100000, 100000), data=b"\0" * 16), "needs 40000000000 bytes of data, the file has 16 (truncated?)")
m.case("data_truncated.npy", npy()[:-4], "needs 24 bytes of data, the file has 20 (truncated?)")
m.case("data_trailing.npy", npy() + b"\0\0\0\0", "needs 24 bytes of data, the file has 28")
m.finish()
