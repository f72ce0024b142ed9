#!/usr/bin/env python3
"""Reference values for core's comparison, arg-reduction, sign/square/logSigmoid/xlogy and
variance/std ops, computed with PyTorch (CPU, float64). Writes ../vectors/ops.json in core.json's
case format: {name, note?, inputs, expr, value, grads}.

Run: /usr/bin/python3 tools/conformance/scripts/ops_refs.py   (or `pnpm refs` for every file)
"""
import numpy as np
import torch
import torch.nn.functional as F

from _refjson import require_versions, tensor_json, write_vectors

require_versions(torch='1.13', numpy='1.24')
torch.set_default_dtype(torch.float64)

rng = np.random.RandomState(20240612)


def normal(*shape):
    return rng.standard_normal(shape)


def encode(t, dtype=None):
    return tensor_json(t.detach(), 'int32' if dtype == 'int32' else None)


def as_tensor(v):
    return v if isinstance(v, torch.Tensor) else torch.tensor(float(v))


def evaluate(node, inputs):
    if isinstance(node, (int, float)):
        return float(node)
    if isinstance(node, str):
        return inputs[node]
    if isinstance(node, list):
        return [evaluate(n, inputs) for n in node]
    op, opts = node['op'], node.get('opts', {})
    args = [evaluate(a, inputs) for a in node['args']]
    axis = opts.get('axis')
    dim = tuple(axis) if isinstance(axis, list) else axis
    keepdim = opts.get('keepdims', False)
    if op == 'sum':
        return args[0].sum() if dim is None and not keepdim else torch.sum(args[0], dim=dim if dim is not None else tuple(range(args[0].dim())), keepdim=keepdim)
    if op in ('add', 'sub', 'mul', 'div'):
        return getattr(torch, op)(args[0], args[1])
    if op in ('gt', 'ge', 'lt', 'le', 'eq', 'ne'):
        return getattr(torch, op)(args[0], args[1])
    if op == 'sign':
        return torch.sign(args[0])
    if op == 'square':
        return torch.square(args[0])
    if op == 'logSigmoid':
        return F.logsigmoid(args[0])
    if op == 'xlogy':
        return torch.xlogy(as_tensor(args[0]), args[1])
    if op in ('variance', 'std'):
        fn = torch.var if op == 'variance' else torch.std
        return fn(args[0], dim=dim, correction=opts.get('correction', 1), keepdim=keepdim)
    if op == 'where':
        return torch.where(args[0] != 0, as_tensor(args[1]), as_tensor(args[2]))
    if op in ('argmax', 'argmin'):
        return getattr(torch, op)(args[0], dim=dim, keepdim=keepdim)
    if op == 'gather':
        return torch.gather(args[0], opts.get('axis', 0), args[1].long())
    if op == 'reshape':
        return args[0].reshape([int(d) for d in args[1]])
    raise ValueError(op)


cases = []


def case(name, inputs, expr, note=None):
    """inputs: name -> numpy array (float64) or ('int32', array)."""
    tensors = {}
    encoded = {}
    for key, value in inputs.items():
        if isinstance(value, tuple):
            t = torch.tensor(value[1], dtype=torch.int64)
            encoded[key] = encode(t, 'int32')
        else:
            t = torch.tensor(value, dtype=torch.float64, requires_grad=True)
            encoded[key] = encode(t)
        tensors[key] = t
    value = evaluate(expr, tensors)
    assert value.dim() == 0, name
    grads = {}
    if value.requires_grad:
        floats = [k for k, t in tensors.items() if t.dtype == torch.float64]
        gs = torch.autograd.grad(value, [tensors[k] for k in floats], allow_unused=True)
        for k, g in zip(floats, gs):
            grads[k] = encode(g if g is not None else torch.zeros_like(tensors[k]))
    out = {'name': name}
    if note:
        out['note'] = note
    out['inputs'] = encoded
    out['expr'] = expr
    out['value'] = encode(value, None if value.dtype == torch.float64 else 'int32')
    out['grads'] = grads
    cases.append(out)


def weighted(expr, W='W'):
    """sum(mul(expr, W)): a scalar whose gradient reaches every element."""
    return {'op': 'sum', 'args': [{'op': 'mul', 'args': [expr, W]}]}


def op(name, *args, **opts):
    node = {'op': name, 'args': list(args)}
    if opts:
        node['opts'] = opts
    return node


# --- sign, square, logSigmoid -------------------------------------------------------------
a = normal(2, 3)
a[0, 1] = 0.0
case('sign_2x3_with_zero', {'a': a, 'W': normal(2, 3)}, weighted(op('sign', 'a')), 'sign(0) = 0; the gradient is 0 everywhere')
case('square_2x3', {'a': normal(2, 3), 'W': normal(2, 3)}, weighted(op('square', 'a')))
case('square_3d', {'a': normal(2, 3, 2), 'W': normal(2, 3, 2)}, weighted(op('square', 'a')))
case('logSigmoid_3x4', {'a': 3 * normal(3, 4), 'W': normal(3, 4)}, weighted(op('logSigmoid', 'a')))
case('logSigmoid_extreme', {'a': np.array([-800.0, -100.0, -30.0, -1e-3, 0.0, 1e-3, 30.0, 100.0, 800.0]), 'W': normal(9)},
     weighted(op('logSigmoid', 'a')), 'inputs of +-800: finite values, gradient 1 - sigmoid(x) without cancellation')
case('logSigmoid_sum', {'a': normal(4)}, op('sum', op('logSigmoid', 'a')))

# --- xlogy -------------------------------------------------------------------------------
x = np.abs(normal(2, 3))
x[0, 0] = 0.0
x[1, 2] = 0.0
case('xlogy_2x3_zeros_in_x', {'x': x, 'y': 0.2 + np.abs(normal(2, 3)), 'W': normal(2, 3)}, weighted(op('xlogy', 'x', 'y')), 'x = 0 gives 0 and d/dx = 0')
case('xlogy_zero_x_zero_y', {'x': np.array([0.0, 0.0, 1.5]), 'y': np.array([0.0, 3.0, 0.5]), 'W': normal(3)},
     weighted(op('xlogy', 'x', 'y')), 'xlogy(0, 0) = 0 with d/dx = 0; d/dy = x / y is NaN there (0/0), as PyTorch')
case('xlogy_nan_y', {'x': np.array([0.0, 1.0]), 'y': np.array([float('nan'), 2.0]), 'W': normal(2)},
     weighted(op('xlogy', 'x', 'y')), 'a NaN y gives NaN even where x = 0')
case('xlogy_broadcast', {'x': np.abs(normal(2, 3)), 'y': 0.2 + np.abs(normal(3)), 'W': normal(2, 3)}, weighted(op('xlogy', 'x', 'y')))
case('xlogy_number_y', {'x': normal(2, 3), 'W': normal(2, 3)}, weighted(op('xlogy', 'x', 2.5)))
case('xlogy_number_x', {'y': 0.2 + np.abs(normal(2, 3)), 'W': normal(2, 3)}, weighted(op('xlogy', 3.0, 'y')))

# --- variance / std ----------------------------------------------------------------------
v = normal(3, 4)
case('variance_all', {'a': v}, op('variance', 'a'))
case('variance_axis1', {'a': normal(3, 4), 'W': normal(3)}, weighted(op('variance', 'a', axis=1)))
case('variance_axis0_keepdims_c0', {'a': normal(3, 4), 'W': normal(1, 4)}, weighted(op('variance', 'a', axis=0, keepdims=True, correction=0)))
case('variance_axes_0_2_c2', {'a': normal(2, 3, 4), 'W': normal(3)}, weighted(op('variance', 'a', axis=[0, 2], correction=2)))
case('variance_far_from_zero', {'a': 1e6 + normal(4, 5), 'W': normal(5)}, weighted(op('variance', 'a', axis=0)),
     'data near 1e6: two passes keep the digits')
case('std_all', {'a': normal(3, 4)}, op('std', 'a'))
case('std_axis_neg1_c0', {'a': normal(2, 3, 4), 'W': normal(2, 3)}, weighted(op('std', 'a', axis=-1, correction=0)))
case('std_keepdims_all', {'a': normal(3, 4), 'W': normal(1, 1)}, weighted(op('std', 'a', keepdims=True)))
case('std_constant_row', {'a': np.array([[1.5, 1.5, 1.5], [1.0, 2.0, 4.0]]), 'W': normal(2)}, weighted(op('std', 'a', axis=1)),
     'a constant row has std 0 and gradient 0 (not 0/0), as PyTorch')

# --- comparisons -------------------------------------------------------------------------
for name in ('gt', 'ge', 'lt', 'le', 'eq', 'ne'):
    p = normal(3, 4)
    q = normal(3, 4)
    q[0, :2] = p[0, :2]  # ties, where ge/le/eq/ne differ from gt/lt
    case(f'{name}_select', {'p': p, 'q': q, 'W': normal(3, 4)}, weighted(op('where', op(name, 'p', 'q'), 'p', 'q')))
    case(f'{name}_count', {'p': p, 'q': q}, op('sum', op(name, 'p', 'q')), 'sum counts the true elements (int32)')
p = normal(3, 4)
p[1, 1] = 0.5
case('gt_number_broadcast', {'p': p, 'q': normal(4), 'W': normal(3, 4)},
     weighted(op('where', op('gt', 'p', 0.5), 'p', op('mul', 'q', 2.0))))
case('le_broadcast_rows', {'p': normal(3, 1), 'q': normal(1, 4), 'W': normal(3, 4)},
     weighted(op('where', op('le', 'p', 'q'), 'p', 'q')))
p = normal(2, 3)
p[0, 2] = float('nan')
case('ne_self_masks_nan', {'p': p, 'W': normal(2, 3)}, weighted(op('where', op('ne', 'p', 'p'), 0.0, 'p')), 'NaN != NaN: the mask of NaN entries')
case('eq_count_nan', {'p': p}, op('sum', op('eq', 'p', 'p')), 'NaN equals nothing, itself included')

# --- argmax / argmin ---------------------------------------------------------------------
a = normal(3, 5)
a[0, 3] = a[0, 1] = a[0].max() + 1.0  # a tie for the max: the first index wins
a[2, 0] = a[2, 4] = a[2].min() - 1.0  # a tie for the min
case('argmax_axis1_gather', {'a': a, 'W': normal(3, 1)},
     weighted(op('gather', 'a', op('argmax', 'a', axis=1, keepdims=True), axis=1)), 'ties: the first index')
case('argmin_axis1_gather', {'a': a, 'W': normal(3, 1)},
     weighted(op('gather', 'a', op('argmin', 'a', axis=1, keepdims=True), axis=1)))
case('argmax_axis1_indices', {'a': a}, op('sum', op('argmax', 'a', axis=1)), 'the sum of the int32 indices')
case('argmin_axis0_keepdims', {'a': normal(4, 3), 'W': normal(1, 3)},
     weighted(op('gather', 'a', op('argmin', 'a', axis=0, keepdims=True), axis=0)))
case('argmax_flattened', {'a': normal(3, 4)},
     op('sum', op('gather', op('reshape', 'a', [-1]), op('reshape', op('argmax', 'a'), [1]))), 'no axis: the flattened index, as torch.argmax(x)')
case('argmin_flattened_keepdims', {'a': normal(2, 3)},
     op('sum', op('gather', op('reshape', 'a', [-1]), op('reshape', op('argmin', 'a', keepdims=True), [1]))))
case('argmax_3d_axis1', {'a': normal(2, 3, 4), 'W': normal(2, 1, 4)},
     weighted(op('gather', 'a', op('argmax', 'a', axis=1, keepdims=True), axis=1)))
n = normal(2, 4)
n[1, 2] = float('nan')
case('argmax_nan', {'a': n}, op('sum', op('argmax', 'a', axis=1)), 'a NaN is the max (and the min), as PyTorch')
case('argmin_nan', {'a': n}, op('sum', op('argmin', 'a', axis=1)))

about = (
    'Reference values for the comparison (gt ge lt le eq ne -> bool), argmax/argmin, sign, square, logSigmoid, xlogy '
    'and variance/std ops of @entropic/core, computed with PyTorch 1.13 (CPU) in float64 by '
    'tools/conformance/scripts/ops_refs.py. Same case format as core.json: inputs (float64 unless marked int32), '
    'expr (op tree), value (a scalar; int32 when the expression counts or sums indices), grads (d value / d input '
    'for every float64 input; empty when the value has no gradient).'
)
write_vectors('ops.json', about, cases)
