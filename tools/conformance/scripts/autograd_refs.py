#!/usr/bin/python3
"""Reference values for Entropic's higher-order autodiff, from PyTorch 1.13 (CPU).

Writes tools/conformance/vectors/autograd.json (`pnpm refs autograd`, or
`/usr/bin/python3 tools/conformance/scripts/autograd_refs.py`).

Case kinds (every tensor {shape, data}, flat row-major; non-finite values as strings):
- hessian / jacobian / hvp: `expr` is a core-op tree (the format of core.json) of the variable
  `x` and constant `inputs`; `value` is torch.autograd.functional.hessian / jacobian / hvp of it
  at `x` (hvp also takes `v`). float64.
- nested: `value` = grad(v -> sum(grad(f)(v))) (order 2) or one more level (order 3), from
  create_graph=True double/triple backward. float64.
- grad: as core.json (value of the scalar expr and the gradient of every float input), for the
  NaN conventions of maximum/minimum. float64.
- float32: expr evaluated in float32 by PyTorch, `value` and `grads` (of the scalar
  sum(expr * g) when `g` is given) are PyTorch's float32 results, written exactly.
- loss: a loss of @entropic/loss called as loss.json describes (input, target, opts, value,
  gradInput), with `dtype` float32 or float64.
"""
import torch
import torch.nn.functional as F
from torch.autograd.functional import hessian, hvp, jacobian

from _refjson import require_versions, tensor_json as enc, write_vectors

require_versions(torch='1.13')
torch.manual_seed(20240610)


def op(name, *args, **opts):
    node = {'op': name, 'args': list(args)}
    if opts:
        node['opts'] = opts
    return node


def evaluate(node, env):
    """The core-op tree evaluated with torch (names and options as API.md)."""
    if isinstance(node, (int, float)):
        return node
    if isinstance(node, str):
        return env[node]
    if isinstance(node, list):
        return [evaluate(n, env) for n in node]
    a = [evaluate(n, env) for n in node['args']]
    o = node.get('opts', {})
    name = node['op']
    axis = o.get('axis')
    red = {} if axis is None else {'dim': axis}
    if name in ('sum', 'mean', 'logsumexp'):
        kd = o.get('keepdims', False)
        if name == 'logsumexp':
            return torch.logsumexp(a[0], dim=axis if axis is not None else tuple(range(a[0].dim())), keepdim=kd)
        f = torch.sum if name == 'sum' else torch.mean
        return f(a[0], **red, keepdim=kd) if axis is not None else f(a[0])
    if name in ('max', 'min'):
        f = torch.amax if name == 'max' else torch.amin
        return f(a[0], dim=axis if axis is not None else tuple(range(a[0].dim())), keepdim=o.get('keepdims', False))
    table = {
        'add': torch.add, 'sub': torch.sub, 'mul': torch.mul, 'div': torch.div, 'pow': torch.pow,
        'maximum': torch.maximum, 'minimum': torch.minimum, 'neg': torch.neg, 'exp': torch.exp,
        'log': torch.log, 'log1p': torch.log1p, 'sqrt': torch.sqrt, 'abs': torch.abs,
        'sigmoid': torch.sigmoid, 'tanh': torch.tanh, 'relu': torch.relu, 'softplus': F.softplus,
        'matmul': torch.matmul,
    }
    if name in table:
        x, y = (a + [None])[:2]
        if name in ('add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum') and not torch.is_tensor(y):
            y = torch.tensor(y, dtype=x.dtype)
        if name in ('add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum') and not torch.is_tensor(x):
            x = torch.tensor(x, dtype=y.dtype)
        return table[name](x, y) if y is not None else table[name](x)
    if name == 'softmax':
        return torch.softmax(a[0], dim=o.get('axis', -1))
    if name == 'logSoftmax':
        return torch.log_softmax(a[0], dim=o.get('axis', -1))
    if name == 'reshape':
        return a[0].reshape(a[1])
    if name == 'transpose':
        return a[0].permute(o['axes']) if 'axes' in o else a[0].permute(*reversed(range(a[0].dim())))
    if name == 'clamp':
        return torch.clamp(a[0], min=o.get('min'), max=o.get('max'))
    if name == 'concat':
        return torch.cat(a[0], dim=o.get('axis', 0))
    raise ValueError(name)


def f64(*shape, lo=None):
    t = torch.randn(*shape, dtype=torch.float64)
    return t.abs() + lo if lo is not None else t


cases = []

# ---- Hessians, Jacobians, Hessian-vector products (float64) ----
X = f64(6, 3)
y = (torch.rand(6, dtype=torch.float64) > 0.5).to(torch.float64)
Y = F.one_hot(torch.tensor([0, 2, 1, 1, 0, 2]), 3).to(torch.float64)
A = f64(3, 3)
S = A @ A.T + 3 * torch.eye(3, dtype=torch.float64)

xw = op('matmul', 'X', 'x')
logistic = op('mean', op('sub', op('softplus', xw), op('mul', 'y', xw)))
softmax_ce = op('mean', op('neg', op('sum', op('mul', 'Y', op('logSoftmax', op('matmul', 'X', 'x'), axis=1)), axis=1)))
quadratic = op('mul', op('sum', op('mul', 'x', op('matmul', 'S', 'x'))), 0.5)

scalar_functions = [
    ('logistic_loss', logistic, {'X': X, 'y': y}, f64(3)),
    ('softmax_cross_entropy', softmax_ce, {'X': X, 'Y': Y}, f64(3, 3)),
    ('quadratic', quadratic, {'S': S}, f64(3)),
    ('mse', op('mean', op('pow', op('sub', op('matmul', 'X', 'x'), 'y'), 2)), {'X': X, 'y': y}, f64(3)),
    ('logsumexp', op('logsumexp', 'x'), {}, f64(2, 3)),
    ('sum_tanh_cubed', op('sum', op('pow', op('tanh', 'x'), 3)), {}, f64(4)),
    ('sqrt_times_log', op('sum', op('mul', op('sqrt', 'x'), op('log', 'x'))), {}, f64(4, lo=0.3)),
    ('rational', op('sum', op('div', 1, op('add', op('mul', 'x', 'x'), 1))), {}, f64(4)),
    ('sigmoid_matmul', op('sum', op('sigmoid', op('matmul', 'A', op('exp', 'x')))), {'A': A}, f64(3)),
    ('softmax_entropy', op('neg', op('sum', op('mul', op('softmax', 'x'), op('logSoftmax', 'x')))), {}, f64(5)),
    ('max_min_mix', op('add', op('sum', op('mul', op('max', 'x', axis=1), op('min', 'x', axis=1))),
                       op('sum', op('mul', op('maximum', 'x', 0.1), op('minimum', 'x', 0.4)))), {}, f64(2, 3)),
    ('log1p_abs_clamp', op('sum', op('mul', op('log1p', op('abs', 'x')), op('clamp', 'x', min=-0.8, max=0.9))), {}, f64(5)),
    ('matrix_square', op('sum', op('mul', op('matmul', 'x', op('transpose', 'x')), 'A')), {'A': A}, f64(3, 3)),
    ('concat_reshape', op('sum', op('pow', op('reshape', op('concat', ['x', op('exp', 'x')], axis=0), [2, 2, 2]), 3)), {}, f64(2, 2)),
]

for name, expr, consts, x in scalar_functions:
    fn = lambda v, expr=expr, consts=consts: evaluate(expr, {**consts, 'x': v})
    v = f64(*x.shape)
    common = {'inputs': {k: enc(t) for k, t in consts.items()}, 'expr': expr, 'x': enc(x)}
    cases.append({'name': f'hessian_{name}', 'kind': 'hessian', **common, 'value': enc(hessian(fn, x))})
    cases.append({'name': f'hvp_{name}', 'kind': 'hvp', **common, 'v': enc(v), 'value': enc(hvp(fn, x, v)[1])})

vector_functions = [
    ('softmax', op('softmax', 'x'), {}, f64(4)),
    ('logSoftmax_rows', op('logSoftmax', 'x', axis=1), {}, f64(2, 3)),
    ('sigmoid_matmul', op('sigmoid', op('matmul', 'A', 'x')), {'A': A}, f64(3)),
    ('tanh_times_x', op('mul', op('tanh', 'x'), 'x'), {}, f64(2, 2)),
    ('row_max', op('max', 'x', axis=1), {}, f64(3, 4)),
    ('transpose_exp', op('transpose', op('exp', 'x')), {}, f64(2, 3)),
]
for name, expr, consts, x in vector_functions:
    fn = lambda v, expr=expr, consts=consts: evaluate(expr, {**consts, 'x': v})
    cases.append({'name': f'jacobian_{name}', 'kind': 'jacobian', 'inputs': {k: enc(t) for k, t in consts.items()},
                  'expr': expr, 'x': enc(x), 'value': enc(jacobian(fn, x))})

# ---- grad of grad (and one level more), by create_graph backward ----
def nested(expr, x, order):
    v = x.clone().requires_grad_(True)
    out = evaluate(expr, {'x': v})
    for _ in range(order):
        (g,) = torch.autograd.grad(out, v, create_graph=True)
        out = g.sum()
    return g


for name, expr, x, order in [
    ('sum_cubes_order2', op('sum', op('pow', 'x', 3)), torch.tensor([1.0, 2.0], dtype=torch.float64), 2),
    ('sum_pow4_order3', op('sum', op('pow', 'x', 4)), torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64), 3),
    ('logsumexp_order3', op('logsumexp', 'x'), f64(4), 3),
    ('sigmoid_order3', op('sum', op('sigmoid', 'x')), f64(3), 3),
]:
    cases.append({'name': f'nested_{name}', 'kind': 'nested', 'order': order, 'expr': expr, 'x': enc(x),
                  'value': enc(nested(expr, x, order))})

# ---- maximum/minimum with NaN (PyTorch's formula: the loser gets 0 even for a NaN upstream gradient) ----
nan = float('nan')
a = torch.tensor([nan, 1.0, 2.0, 1.0, 3.0, nan], dtype=torch.float64)
b = torch.tensor([1.0, nan, 1.0, 1.0, 3.0, nan], dtype=torch.float64)
g = torch.tensor([1.0, 1.0, nan, nan, 2.0, 1.0], dtype=torch.float64)
for name in ('maximum', 'minimum'):
    ar, br = a.clone().requires_grad_(True), b.clone().requires_grad_(True)
    expr = op('sum', op('mul', op(name, 'a', 'b'), 'g'))
    value = evaluate(expr, {'a': ar, 'b': br, 'g': g})
    value.backward()
    cases.append({'name': f'{name}_nan', 'kind': 'grad', 'inputs': {'a': enc(a), 'b': enc(b), 'g': enc(g)}, 'constants': ['g'],
                  'expr': expr, 'value': enc(value), 'grads': {'a': enc(ar.grad), 'b': enc(br.grad)}})
    # A losing side with a NaN upstream gradient gets exactly 0, in a scalar-operand form too.
    xr = torch.tensor([-1.0, 2.0], dtype=torch.float64, requires_grad=True)
    gr = torch.tensor([nan, nan], dtype=torch.float64)
    expr = op('sum', op('mul', op(name, 'x', 0.5), 'g'))
    value = evaluate(expr, {'x': xr, 'g': gr})
    value.backward()
    cases.append({'name': f'{name}_scalar_nan_upstream', 'kind': 'grad', 'inputs': {'x': enc(xr), 'g': enc(gr)}, 'constants': ['g'],
                  'expr': expr, 'value': enc(value), 'grads': {'x': enc(xr.grad)}})

# ---- float32: values and gradients exactly as PyTorch rounds them ----
def f32_case(name, expr, inputs, g=None):
    env = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    out = evaluate(expr, env)
    value = out
    if g is not None:
        out = (out * g).sum()
    out.backward()
    case = {'name': name, 'kind': 'float32', 'inputs': {k: enc(v) for k, v in inputs.items()}, 'expr': expr,
            'value': enc(value), 'grads': {k: enc(env[k].grad) for k in inputs}}
    if g is not None:
        case['g'] = enc(g)
    return case


inf = float('inf')
cases.append(f32_case('softmax_1000_999_-inf', op('softmax', 'x'), {'x': torch.tensor([1000.0, 999.0, -inf])},
                      torch.tensor([0.5, -1.0, 2.0])))
cases.append(f32_case('logSoftmax_3000_3000', op('logSoftmax', 'x'), {'x': torch.tensor([3000.0, 3000.0])},
                      torch.tensor([1.0, 0.25])))
x32 = (torch.randn(4, 5) * 4).float()
g32 = torch.randn(4, 5).float()
cases.append(f32_case('softmax_rows_random', op('softmax', 'x', axis=1), {'x': x32}, g32))
cases.append(f32_case('logSoftmax_rows_random', op('logSoftmax', 'x', axis=1), {'x': x32}, g32))
cases.append(f32_case('logSoftmax_axis0_large', op('logSoftmax', 'x', axis=0),
                      {'x': torch.tensor([[1000.5, -3.0], [999.25, -3.0], [-inf, 1e4]])}, torch.tensor([[1.0, 2.0], [0.5, -1.0], [3.0, 0.25]])))

# ---- losses: the float32 composite 50·BCE(logSoftmax(a), 0.7) − 50·a, and crossEntropy of one NaN class ----
a32 = torch.tensor([-1.0], requires_grad=True)
loss = 50 * F.binary_cross_entropy(torch.log_softmax(a32, -1), torch.tensor([0.7])) - 50 * a32.sum()
loss.backward()
cases.append({'name': 'bce_of_logSoftmax_float32', 'kind': 'bceLogSoftmax', 'dtype': 'float32', 'a': enc(a32),
              'value': enc(loss), 'gradA': enc(a32.grad)})
for dtype, tag in ((torch.float64, 'float64'), (torch.float32, 'float32')):
    xr = torch.tensor([[nan], [0.5]], dtype=dtype, requires_grad=True)
    t = torch.tensor([0, 0])
    loss = F.cross_entropy(xr, t)
    loss.backward()
    cases.append({'name': f'crossEntropy_one_class_nan_{tag}', 'kind': 'loss', 'dtype': tag, 'fn': 'crossEntropy',
                  'input': enc(xr), 'target': enc(t.to(torch.int32)), 'opts': {}, 'value': enc(loss), 'gradInput': enc(xr.grad)})

about = (
    'Higher-order autodiff references for @entropic/core, computed with PyTorch 1.13 (CPU) by '
    'tools/conformance/scripts/autograd_refs.py: torch.autograd.functional hessian/jacobian/hvp of core-op trees '
    '(float64), nested create_graph gradients, maximum/minimum NaN conventions, and float32 softmax/logSoftmax and '
    'loss values exactly as PyTorch rounds them. See the script docstring for the case kinds.'
)
write_vectors('autograd.json', about, cases)
