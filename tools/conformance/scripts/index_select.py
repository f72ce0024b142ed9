"""Reference values for core's indexSelect (torch.index_select), in core.json's case format.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 tools/conformance/scripts/index_select.py
Writes tools/conformance/vectors/index-select.json. Each case: inputs (float64 `x` and `W`,
int32 `index`), expr = sum(mul(indexSelect(x, index, {axis}), W)), value, grads of x and W.
"""
import json
import os

import torch

torch.manual_seed(20240901)
torch.set_default_dtype(torch.float64)

CASES = [
    # name, x shape, axis, indices
    ("rows_3x4", [3, 4], 0, [2, 0, 2, 1]),
    ("rows_1d", [5], 0, [4, 4, 0]),
    ("columns_2x3", [2, 3], 1, [1, 1, 0, 2]),
    ("last_axis_neg_2x3x4", [2, 3, 4], -1, [3, 0]),
    ("middle_axis_2x3x2", [2, 3, 2], 1, [0, 2, 2, 2, 1]),
    ("empty_index_3x2", [3, 2], 0, []),
    ("one_row_0d_index_4x3", [4, 3], 0, 1),
]


def tensor_json(t):
    out = {"shape": list(t.shape), "data": [float(v) if t.dtype != torch.int32 else int(v) for v in t.reshape(-1).tolist()]}
    if t.dtype == torch.int32:
        out["dtype"] = "int32"
    return out


cases = []
for name, shape, axis, indices in CASES:
    x = torch.randn(shape, requires_grad=True)
    index = torch.tensor(indices, dtype=torch.int32)
    out = torch.index_select(x, axis, index)
    W = torch.randn(out.shape, requires_grad=True)
    value = (out * W).sum()
    value.backward()
    cases.append({
        "name": name,
        "inputs": {"x": tensor_json(x.detach()), "index": tensor_json(index), "W": tensor_json(W.detach())},
        "expr": {"op": "sum", "args": [{"op": "mul", "args": [{"op": "indexSelect", "args": ["x", "index"], "opts": {"axis": axis}}, "W"]}]},
        "value": tensor_json(value.detach()),
        "grads": {"x": tensor_json(x.grad), "W": tensor_json(W.grad)},
    })

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "vectors", "index-select.json")
about = ("Reference values for indexSelect (torch.index_select), computed with PyTorch 1.13 (CPU) in float64, "
         "in core.json's format: value = sum(mul(indexSelect(x, index, {axis}), W)), grads of x and W.")
with open(path, "w") as f:
    f.write('{"about": ' + json.dumps(about) + ',\n"dtype": "float64",\n"cases": [\n')
    f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
    f.write("\n]}\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")
