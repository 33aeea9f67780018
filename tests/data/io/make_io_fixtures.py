#!/usr/bin/python3
"""Makes the fixtures of tests/core/io with NumPy and plain Python, independently of the C++ code.

Run with the system Python (it has NumPy): /usr/bin/python3 tests/data/io/make_io_fixtures.py
Every value is a multiple of 1/16 (exact in float16, float32 and float64) unless said otherwise,
so the tests can state the expected numbers by formula.
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def out(*parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def grid(rows, cols, offset):
    # entry [r, c] = (offset + r * cols + c) / 16 - 1
    return (np.arange(rows * cols, dtype=np.float64).reshape(rows, cols) + offset) / 16.0 - 1.0


# ---- .npy --------------------------------------------------------------------------------------
m = grid(3, 4, 0)
np.save(out("npy", "matrix_f4.npy"), m.astype("<f4"))          # the bytes our writer must equal
np.save(out("npy", "matrix_f8.npy"), np.array([[0.1, -2.5e-8, 1e30], [3.0, -0.0, 123456.789]], dtype="<f8"))
np.lib.format.write_array(open(out("npy", "matrix_v2.npy"), "wb"), m.astype("<f4"), version=(2, 0))
np.save(out("npy", "fortran.npy"), np.asfortranarray(m.astype("<f4")))
np.save(out("npy", "bigendian.npy"), m.astype(">f4"))
np.save(out("npy", "int32.npy"), np.arange(12, dtype="<i4").reshape(3, 4))
np.save(out("npy", "rank3.npy"), np.zeros((2, 3, 4), dtype="<f4"))
np.save(out("npy", "vector.npy"), np.zeros(4, dtype="<f4"))
with open(out("npy", "matrix_f4.npy"), "rb") as f:
    good = f.read()
with open(out("npy", "truncated.npy"), "wb") as f:
    f.write(good[:-5])
with open(out("npy", "trailing.npy"), "wb") as f:
    f.write(good + b"\0\0\0\0")
with open(out("npy", "badmagic.npy"), "wb") as f:
    f.write(b"\x93NUMPX" + good[6:])
with open(out("npy", "headerlength.npy"), "wb") as f:  # header claims 60000 bytes
    f.write(good[:8] + struct.pack("<H", 60000) + good[10:])
# A shape whose byte count overflows 64 bits; the file itself is tiny.
hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 8), }"
hdr = hdr + " " * (64 - 10 - len(hdr) - 1 + 64) + "\n"
hdr = hdr[: (len(hdr) // 64) * 64 - 10] if (len(hdr) + 10) % 64 else hdr
with open(out("npy", "overflow.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode("latin1") + b"\0" * 16)
nan = m.astype("<f4").copy()
nan[1, 2] = np.nan
np.save(out("npy", "nan.npy"), nan)

# ---- safetensors (written by hand from the published layout) -----------------------------------
# Configuration: heads 2, d_model 3, d_k 2, d_v 2 -> w_q/w_k (3, 2), w_v (3, 2), w_o (4, 3).
def tensors_of_config(extra=None, drop=None, reshape=None, dtype="F32", poison=None):
    names = []
    offset = 0
    for h in range(2):
        for k in ("w_q", "w_k", "w_v"):
            names.append((f"layer0.head{h}.{k}", grid(3, 2, offset)))
            offset += 6
    names.append(("layer0.w_o", grid(4, 3, offset)))
    names.append(("embeddings.cat", grid(1, 3, 100).reshape(3)))
    names.append(("embeddings.Übermut", grid(1, 3, 110).reshape(3)))
    if extra:
        names.append(extra)
    names = [(n, a) for n, a in names if n != drop]
    if reshape:
        names = [(n, a.reshape(reshape[1]) if n == reshape[0] else a) for n, a in names]
    if poison:
        names = [(n, a.copy()) for n, a in names]
        for n, a in names:
            if n == poison:
                a.flat[1] = np.inf
    return names


def write_safetensors(path, tensors, dtype="F32"):
    np_dtype = {"F32": "<f4", "F16": "<f2"}[dtype]
    header = {"__metadata__": {"format": "attention-explorer-matrices"}}
    data = b""
    for name, array in tensors:
        raw = np.ascontiguousarray(array, dtype=np_dtype).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


write_safetensors(out("safetensors", "small.safetensors"), tensors_of_config())
write_safetensors(out("safetensors", "small_f16.safetensors"), tensors_of_config(), dtype="F16")
write_safetensors(out("safetensors", "missing.safetensors"), tensors_of_config(drop="layer0.head1.w_k"))
write_safetensors(out("safetensors", "wrongshape.safetensors"),
                  tensors_of_config(reshape=("layer0.head0.w_v", (2, 3))))
write_safetensors(out("safetensors", "extra.safetensors"),
                  tensors_of_config(extra=("layer0.head2.w_q", grid(3, 2, 0))))
write_safetensors(out("safetensors", "infinite.safetensors"), tensors_of_config(poison="layer0.w_o"))

# ---- matrix JSON (the documented schema, written by Python's json) -----------------------------
def matrices_json(tensors):
    t = dict(tensors)
    return {
        "format": "attention-explorer-matrices",
        "version": 1,
        "layers": [{
            "heads": [{k: t[f"layer0.head{h}.{k}"].tolist() for k in ("w_q", "w_k", "w_v")} for h in range(2)],
            "w_o": t["layer0.w_o"].tolist(),
        }],
        "embeddings": {n[len("embeddings."):]: a.tolist() for n, a in tensors if n.startswith("embeddings.")},
    }


with open(out("json", "small.json"), "w", encoding="utf-8") as f:
    json.dump(matrices_json(tensors_of_config()), f, ensure_ascii=False, indent=1)

# ---- a session, as a person could write it by hand --------------------------------------------
session = matrices_json(tensors_of_config())
session.update({
    "format": "attention-explorer-session",
    "version": 1,
    "sentence": "the cat sat",
    "preset": "",
    "config": {"heads": 2, "d_model": 3, "d_k": 2, "d_v": 2, "seed": 7, "causal": True, "temperature": 0.5,
               "scale": True, "positional": "none"},
    "view": {"layer": 0, "head": 1, "query": 2, "key": 0, "pinned": True, "color_map": "magma",
             "cell_value": "scores", "flow_heads": "all", "flow_threshold": 0.125, "flow_top_k": 3},
})
session["embeddings"] = {"cat": [0.1, -0.0, 3.4028234663852886e38]}  # float32 max, exact
with open(out("session", "small.attn.json"), "w", encoding="utf-8") as f:
    json.dump(session, f, ensure_ascii=False, indent=1)
