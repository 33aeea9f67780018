#!/usr/bin/python3
"""Reference multi-head attention computed with PyTorch's own operators, for tests/core/tst_torchreference.

Run with Debian's interpreter (it has python3-torch):  /usr/bin/python3 scripts/make_torch_reference.py
Writes tests/data/torch/multihead_reference.json. The C++ engine is fed the same X and matrices and must
match every number within 1e-5.

Two independent references per case:
  * "functional": torch.matmul / torch.softmax / masked_fill written from the formulas, any d_k and d_v;
  * "module": torch.nn.MultiheadAttention (PyTorch's production code path) with its projection weights
    set to ours, for the cases where d_model = heads * d_k = heads * d_v as that module requires.
"""
import json
import math
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "torch" / "multihead_reference.json"

CASES = [
    # name, tokens, d_model, heads, d_k, d_v, causal, scale, temperature
    ("four_heads_uneven", 5, 6, 4, 3, 2, False, True, 1.0),
    ("causal_three_heads", 6, 9, 3, 3, 3, True, True, 1.0),
    ("unscaled_hot", 4, 8, 2, 4, 4, False, False, 0.5),
    ("module_check", 7, 8, 2, 4, 4, False, True, 1.0),
    ("module_check_causal", 7, 12, 3, 4, 4, True, True, 1.0),
]


def rows(t):
    return [[float(v) for v in row] for row in t.tolist()]


def functional(x, wq, wk, wv, wo, causal, scale, temperature):
    heads = []
    outs = []
    n = x.shape[0]
    for h in range(len(wq)):
        q, k, v = x @ wq[h], x @ wk[h], x @ wv[h]
        s = q @ k.T
        if scale:
            s = s / math.sqrt(q.shape[1])
        s = s / temperature
        masked = s
        if causal:
            mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
            masked = s.masked_fill(mask, float("-inf"))
        w = torch.softmax(masked, dim=-1)
        o = w @ v
        heads.append({"q": rows(q), "k": rows(k), "v": rows(v), "scores": rows(s), "weights": rows(w), "output": rows(o)})
        outs.append(o)
    return heads, torch.cat(outs, dim=1) @ wo


def module(x, wq, wk, wv, wo, causal):
    d_model = x.shape[1]
    heads = len(wq)
    mha = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True)
    with torch.no_grad():
        # The module computes x @ in_proj_weight.T, heads side by side along the output axis.
        mha.in_proj_weight.copy_(torch.cat([torch.cat(wq, 1), torch.cat(wk, 1), torch.cat(wv, 1)], 1).T)
        mha.out_proj.weight.copy_(wo.T)
    n = x.shape[0]
    mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1) if causal else None
    out, weights = mha(x[None], x[None], x[None], attn_mask=mask, need_weights=True, average_attn_weights=False)
    return out[0], weights[0]


def main():
    generator = torch.Generator().manual_seed(20261128)
    cases = []
    for name, n, d_model, heads, d_k, d_v, causal, scale, temperature in CASES:
        randn = lambda *shape: torch.randn(*shape, generator=generator, dtype=torch.float32)
        x = randn(n, d_model)
        wq = [randn(d_model, d_k) * 0.5 for _ in range(heads)]
        wk = [randn(d_model, d_k) * 0.5 for _ in range(heads)]
        wv = [randn(d_model, d_v) * 0.5 for _ in range(heads)]
        wo = randn(heads * d_v, d_model) * 0.5
        head_results, output = functional(x, wq, wk, wv, wo, causal, scale, temperature)
        case = {
            "name": name,
            "config": {"heads": heads, "d_model": d_model, "d_k": d_k, "d_v": d_v, "causal": causal,
                       "scale": scale, "temperature": temperature},
            "x": rows(x),
            "w_q": [rows(m) for m in wq], "w_k": [rows(m) for m in wk], "w_v": [rows(m) for m in wv],
            "w_o": rows(wo),
            "functional": {"heads": head_results, "output": rows(output)},
        }
        if d_model == heads * d_k == heads * d_v and scale and temperature == 1.0:
            module_out, module_weights = module(x, wq, wk, wv, wo, causal)
            case["module"] = {"weights": [rows(w) for w in module_weights], "output": rows(module_out)}
        cases.append(case)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"torch_version": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {OUT} ({len(cases)} cases, torch {torch.__version__})")


if __name__ == "__main__":
    main()
