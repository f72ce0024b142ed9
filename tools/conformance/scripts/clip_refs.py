#!/usr/bin/python3
"""Reference values of torch.nn.utils.clip_grad_norm_ and clip_grad_value_ (PyTorch 1.13, float64).

    /usr/bin/python3 tools/conformance/scripts/clip_refs.py

writes tools/conformance/vectors/clip.json.
"""
import math

import torch

from _refjson import number, require_versions, write_vectors
from _refjson import tensor_json as _tensor_json

require_versions(torch='1.13')
torch.set_default_dtype(torch.float64)
torch.manual_seed(1)


def tensor_json(t):
    return None if t is None else _tensor_json(t)


def params_from(grads):
    params = []
    for g in grads:
        shape = g.shape if g is not None else (2,)
        p = torch.zeros(shape, requires_grad=True)
        p.grad = None if g is None else g.clone()
        params.append(p)
    return params


def norm_case(name, grads, max_norm, norm_type=None, single=False):
    params = params_from(grads)
    kwargs = {} if norm_type is None else {'norm_type': norm_type}
    total = torch.nn.utils.clip_grad_norm_(params[0] if single else params, max_norm, **kwargs)
    case = {'name': name, 'fn': 'clipGradNorm', 'single': single, 'grads': [tensor_json(g) for g in grads], 'maxNorm': max_norm,
            'opts': {} if norm_type is None else {'normType': number(norm_type)}, 'total': number(total),
            'clipped': [tensor_json(p.grad) for p in params]}
    return case


def value_case(name, grads, clip_value, single=False):
    params = params_from(grads)
    torch.nn.utils.clip_grad_value_(params[0] if single else params, clip_value)
    return {'name': name, 'fn': 'clipGradValue', 'single': single, 'grads': [tensor_json(g) for g in grads], 'clipValue': clip_value,
            'clipped': [tensor_json(p.grad) for p in params]}


def main():
    g = lambda *shape: torch.randn(*shape)  # noqa: E731
    grads = [g(3, 4), g(5), g(2, 2, 2)]
    cases = [
        norm_case('norm2_clipped', grads, 1.0),
        norm_case('norm2_not_clipped', grads, 100.0),
        norm_case('norm2_with_null_grad', [g(4), None, g(3, 2)], 0.5),
        norm_case('norm1_clipped', grads, 2.0, 1.0),
        norm_case('norm_inf_clipped', grads, 0.5, math.inf),
        norm_case('norm_inf_not_clipped', grads, 10.0, math.inf),
        norm_case('norm3_clipped', grads, 0.7, 3.0),
        norm_case('norm_half_clipped', grads, 5.0, 0.5),
        norm_case('norm2_max_zero', [g(3)], 0.0),
        norm_case('norm2_single_tensor', [g(2, 3)], 0.25, single=True),
        norm_case('norm2_large_scale', [g(4) * 1e100, g(3) * 1e100], 1e99),
        norm_case('norm2_all_zero', [torch.zeros(3)], 1.0),
        value_case('value_clipped', grads, 0.5),
        value_case('value_with_infinities', [torch.tensor([0.3, math.inf, -math.inf, -0.7, 0.05])], 0.25),
        value_case('value_single_tensor', [g(6)], 0.1, single=True),
        value_case('value_with_null_grad', [None, g(5)], 1.0),
    ]
    about = ('Gradient clipping references from torch.nn.utils (PyTorch 1.13, float64), made by '
             'tools/conformance/scripts/clip_refs.py. For each case, create one parameter per entry of `grads` '
             '(float64, requiresGrad) with that gradient (null: no gradient); pass the first parameter alone when '
             '`single`, else the array. clipGradNorm(params, maxNorm, opts) returns `total`; clipGradValue(params, '
             'clipValue). Then every gradient equals `clipped`.')
    write_vectors('clip.json', about, cases)


if __name__ == '__main__':
    main()
