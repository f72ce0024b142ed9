#!/usr/bin/env python3
"""Writes ../vectors/core.json: values and gradients of expressions built from @entropic/core ops,
computed with PyTorch 1.13 in float64.

Each case is a table entry: its inputs, its expression tree (op and option names of @entropic/core)
and an optional note. Random inputs are drawn in order from one seeded numpy stream
(default_rng(20240601)), so the file is the same on every run; hand-written inputs (L, I) pin the
edge cases (ties, exact zeros, ±1e3, -inf). A non-scalar expression is wrapped as
sum(mul(expr, W)) with a random input W, so every case has a scalar value and every float64 input
a gradient.

Run: /usr/bin/python3 tools/conformance/scripts/core.py   (or `pnpm refs` for every file)
"""
import numpy as np
import torch

from _refjson import require_versions, tensor_json, write_vectors

require_versions(torch='1.13', numpy='1.24')
torch.set_default_dtype(torch.float64)

INF = float('inf')
rng = np.random.default_rng(20240601)


# Inputs: N/H/U draw from the stream (in the order the cases are written), L/I are written out.
def N(*shape, scale=1.0):
    """Standard normal values (times `scale`)."""
    return rng.standard_normal(shape) * scale if scale != 1.0 else rng.standard_normal(shape)


def H(*shape):
    """Normal values rounded to multiples of 0.5: ties for max/min."""
    return np.round(rng.standard_normal(shape) * 2) / 2


def U(lo, hi, *shape):
    """Uniform values in [lo, hi)."""
    return rng.uniform(lo, hi, shape)


def L(shape, data):
    """Float64 values written out."""
    return np.array(data, dtype=np.float64).reshape(shape)


def I(shape, data):  # noqa: E743 — int32 indices / conditions, written out
    return np.array(data, dtype=np.int32).reshape(shape)


class _Expr:
    """E.op(*args, **opts) builds the JSON tree {"op", "args", "opts"} of one call."""

    def __getattr__(self, op):
        def build(*args, **opts):
            node = {'op': op, 'args': list(args)}
            if opts:
                node['opts'] = opts
            return node
        return build


E = _Expr()
CASES = []


def case(name, inputs, expr, note=None):
    CASES.append({'name': name, 'note': note, 'inputs': inputs, 'expr': expr})


# ---- the cases ---------------------------------------------------------------------------------
case('neg_2x3', dict(a=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.neg('a'), 'W')))
case('exp_2x3', dict(a=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.exp('a'), 'W')))
case('log_positive_2x3', dict(a=U(0.1, 5.0, 2, 3), W=N(2, 3)),
     E.sum(E.mul(E.log('a'), 'W')))
case('log1p_tiny_and_regular', dict(a=L([6], [1e-12, -1e-09, 0.5, 3.0, -0.75, 20.0]), W=N(6)),
     E.sum(E.mul(E.log1p('a'), 'W')), note='log1p must be accurate for tiny arguments')
case('sqrt_2x3', dict(a=U(0.5, 4.0, 2, 3), W=N(2, 3)),
     E.sum(E.mul(E.sqrt('a'), 'W')))
case('sqrt_near_zero', dict(a=L([4], [1e-12, 1e-08, 0.0001, 4.0]), W=N(4)),
     E.sum(E.mul(E.sqrt('a'), 'W')))
case('abs_with_exact_zero', dict(a=L([2, 3], [-2.5, 0.0, 1.5, 0.0, -0.25, 3.0]), W=N(2, 3)),
     E.sum(E.mul(E.abs('a'), 'W')), note='d|x|/dx at 0 is 0 (sign(0) = 0, as PyTorch)')
case('sigmoid_wide_range', dict(a=L([7], [-40.0, -5.0, -0.5, 0.0, 0.5, 5.0, 40.0]), W=N(7)),
     E.sum(E.mul(E.sigmoid('a'), 'W')))
case('tanh_2x3', dict(a=N(2, 3, scale=2.0), W=N(2, 3)),
     E.sum(E.mul(E.tanh('a'), 'W')))
case('relu_at_exact_zero', dict(a=L([2, 3], [-1.5, 0.0, 2.0, 0.0, 3.25, -0.0]), W=N(2, 3)),
     E.sum(E.mul(E.relu('a'), 'W')), note="relu'(0) = 0, as PyTorch")
case('softplus_wide_range', dict(a=L([9], [-30.0, -5.0, -1.0, 0.0, 1.0, 5.0, 15.0, 25.0, 50.0]), W=N(9)),
     E.sum(E.mul(E.softplus('a'), 'W')), note='PyTorch softplus (beta=1, threshold=20) returns x for x > 20; the difference from log1p(exp(x)) is below the tolerance')
case('clamp_min_max_with_boundary_values', dict(a=L([7], [-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0]), W=N(7)),
     E.sum(E.mul(E.clamp('a', min=-1.0, max=1.0), 'W')), note='values exactly on a bound pass the gradient (PyTorch: min <= x <= max)')
case('clamp_min_only', dict(a=N(2, 4), W=N(2, 4)),
     E.sum(E.mul(E.clamp('a', min=0.1), 'W')))
case('clamp_max_only', dict(a=N(3, 2), W=N(3, 2)),
     E.sum(E.mul(E.clamp('a', max=-0.2), 'W')))
case('add_same_shape_2x3', dict(a=N(2, 3), b=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.add('a', 'b'), 'W')))
case('add_broadcast_3x1_1x4', dict(a=N(3, 1), b=N(1, 4), W=N(3, 4)),
     E.sum(E.mul(E.add('a', 'b'), 'W')))
case('sub_broadcast_4_2x3x4', dict(a=N(4), b=N(2, 3, 4), W=N(2, 3, 4)),
     E.sum(E.mul(E.sub('a', 'b'), 'W')))
case('sub_broadcast_2x3x4_4', dict(a=N(2, 3, 4), b=N(4), W=N(2, 3, 4)),
     E.sum(E.mul(E.sub('a', 'b'), 'W')))
case('mul_broadcast_3x1_1x4', dict(a=N(3, 1), b=N(1, 4), W=N(3, 4)),
     E.sum(E.mul(E.mul('a', 'b'), 'W')))
case('mul_broadcast_4_2x3x4', dict(a=N(4), b=N(2, 3, 4), W=N(2, 3, 4)),
     E.sum(E.mul(E.mul('a', 'b'), 'W')))
case('div_broadcast_2x3x4_by_4', dict(a=N(2, 3, 4), b=U(0.5, 2.0, 4), W=N(2, 3, 4)),
     E.sum(E.mul(E.div('a', 'b'), 'W')))
case('div_broadcast_3x1_by_1x4', dict(a=N(3, 1), b=U(-2.0, -0.5, 1, 4), W=N(3, 4)),
     E.sum(E.mul(E.div('a', 'b'), 'W')))
case('add_number', dict(a=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.add('a', 2.5), 'W')))
case('sub_number', dict(a=N(3), W=N(3)),
     E.sum(E.mul(E.sub('a', 0.75), 'W')))
case('mul_number', dict(a=N(2, 2), W=N(2, 2)),
     E.sum(E.mul(E.mul('a', -3.0), 'W')))
case('div_number', dict(a=N(4), W=N(4)),
     E.sum(E.mul(E.div('a', 3.0), 'W')))
case('pow_number_2', dict(a=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.pow('a', 2), 'W')))
case('pow_number_fractional_positive_base', dict(a=U(0.2, 3.0, 5), W=N(5)),
     E.sum(E.mul(E.pow('a', 1.5), 'W')))
case('pow_number_3_negative_base', dict(a=L([5], [-2.0, -0.5, 0.0, 0.5, 1.5]), W=N(5)),
     E.sum(E.mul(E.pow('a', 3), 'W')))
case('pow_tensor_tensor_broadcast', dict(a=U(0.5, 2.0, 2, 3), b=N(3), W=N(2, 3)),
     E.sum(E.mul(E.pow('a', 'b'), 'W')), note='d/db a^b = a^b log a')
case('maximum_with_ties', dict(a=L([2, 3], [1.0, 2.0, 3.0, -1.0, 0.5, 4.0]), b=L([2, 3], [1.0, 1.0, 4.0, -1.0, 2.0, 4.0]), W=N(2, 3)),
     E.sum(E.mul(E.maximum('a', 'b'), 'W')), note='ties in maximum/minimum send half the gradient to each operand (PyTorch)')
case('minimum_broadcast_with_ties', dict(a=L([3, 1], [0.0, 1.0, 2.0]), b=L([1, 4], [1.0, 0.0, 2.0, -1.0]), W=N(3, 4)),
     E.sum(E.mul(E.minimum('a', 'b'), 'W')), note='ties in maximum/minimum send half the gradient to each operand (PyTorch)')
case('maximum_number_no_ties', dict(a=L([4], [-1.0, 0.25, 0.75, 2.0]), W=N(4)),
     E.sum(E.mul(E.maximum('a', 0.5), 'W')))
case('add_0d_and_2x3', dict(s=L([], [1.5]), a=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.add('s', 'a'), 'W')), note='a 0-d (shape []) input broadcast against [2,3]; its gradient is the sum')
case('mul_2x3_and_0d', dict(a=N(2, 3), s=L([], [-0.5]), W=N(2, 3)),
     E.sum(E.mul(E.mul('a', 's'), 'W')))
# sum_axes_0_2's input was drawn before the next case's.
a_sum_axes_0_2 = N(2, 3, 4)
case('sum_all_no_weight', dict(a=N(3, 4)),
     E.sum('a'))
case('sum_axis0', dict(a=N(3, 4), W=N(4)),
     E.sum(E.mul(E.sum('a', axis=0), 'W')))
case('sum_axis_neg1_keepdims', dict(a=N(2, 3, 4), W=N(2, 3, 1)),
     E.sum(E.mul(E.sum('a', axis=-1, keepdims=True), 'W')))
case('sum_axes_0_2', dict(a=a_sum_axes_0_2, W=N(3)),
     E.sum(E.mul(E.sum('a', axis=[0, 2]), 'W')))
case('sum_axes_0_2_keepdims', dict(a=N(2, 3, 4), W=N(1, 3, 1)),
     E.sum(E.mul(E.sum('a', axis=[0, 2], keepdims=True), 'W')))
case('mean_all', dict(a=N(3, 5), W=N()),
     E.sum(E.mul(E.mean('a'), 'W')))
case('mean_axis1', dict(a=N(3, 5), W=N(3)),
     E.sum(E.mul(E.mean('a', axis=1), 'W')))
case('mean_axes_0_2_keepdims', dict(a=N(2, 3, 4), W=N(1, 3, 1)),
     E.sum(E.mul(E.mean('a', axis=[0, 2], keepdims=True), 'W')))
case('max_all_with_ties', dict(a=L([3, 4], [1.0, 3.0, 3.0, 0.0, 2.0, 2.0, 2.0, -1.0, 5.0, 1.0, 5.0, 5.0]), W=N()),
     E.sum(E.mul(E.max('a'), 'W')), note='max/min reductions follow torch.amax/amin: the gradient is split evenly among tied extrema')
case('max_axis1_with_ties', dict(a=L([3, 4], [1.0, 3.0, 3.0, 0.0, 2.0, 2.0, 2.0, -1.0, 5.0, 1.0, 5.0, 5.0]), W=N(3)),
     E.sum(E.mul(E.max('a', axis=1), 'W')), note='max/min reductions follow torch.amax/amin: the gradient is split evenly among tied extrema')
case('max_axis0_keepdims_with_ties', dict(a=L([3, 4], [1.0, 3.0, 3.0, 0.0, 2.0, 2.0, 2.0, -1.0, 5.0, 1.0, 5.0, 5.0]), W=N(1, 4)),
     E.sum(E.mul(E.max('a', axis=0, keepdims=True), 'W')), note='max/min reductions follow torch.amax/amin: the gradient is split evenly among tied extrema')
case('max_axes_1_2_keepdims', dict(a=H(2, 3, 4), W=N(2, 1, 1)),
     E.sum(E.mul(E.max('a', axis=[1, 2], keepdims=True), 'W')), note='max/min reductions follow torch.amax/amin: the gradient is split evenly among tied extrema')
case('min_axis0_with_ties', dict(a=L([3, 4], [1.0, 3.0, 3.0, 0.0, 2.0, 2.0, 2.0, -1.0, 5.0, 1.0, 5.0, 5.0]), W=N(4)),
     E.sum(E.mul(E.min('a', axis=0), 'W')), note='max/min reductions follow torch.amax/amin: the gradient is split evenly among tied extrema')
case('min_all_with_ties', dict(a=L([3, 2], [0.0, 1.0, 0.0, 2.0, 3.0, 0.0]), W=N()),
     E.sum(E.mul(E.min('a'), 'W')), note='max/min reductions follow torch.amax/amin: the gradient is split evenly among tied extrema')
case('logsumexp_axis1', dict(a=N(3, 4), W=N(3)),
     E.sum(E.mul(E.logsumexp('a', axis=1), 'W')))
case('logsumexp_all', dict(a=N(2, 3), W=N()),
     E.sum(E.mul(E.logsumexp('a'), 'W')))
case('logsumexp_axes_0_2_keepdims', dict(a=N(2, 3, 4), W=N(1, 3, 1)),
     E.sum(E.mul(E.logsumexp('a', axis=[0, 2], keepdims=True), 'W')))
case('logsumexp_with_neg_inf_entries', dict(a=L([2, 3], [0.0, -INF, 1.0, -INF, 2.0, -INF]), W=N(2)),
     E.sum(E.mul(E.logsumexp('a', axis=1), 'W')), note='-inf entries contribute exp(-inf) = 0 and get gradient 0')
case('logsumexp_large_values_1e3', dict(a=L([2, 3], [1000.0, 1001.0, 999.5, -1000.0, -1000.5, -1002.0]), W=N(2)),
     E.sum(E.mul(E.logsumexp('a', axis=-1), 'W')), note='must not overflow')
case('softmax_default_axis', dict(a=N(3, 4), W=N(3, 4)),
     E.sum(E.mul(E.softmax('a'), 'W')))
case('softmax_axis0', dict(a=N(3, 4), W=N(3, 4)),
     E.sum(E.mul(E.softmax('a', axis=0), 'W')))
case('softmax_3d_axis1', dict(a=N(2, 3, 4), W=N(2, 3, 4)),
     E.sum(E.mul(E.softmax('a', axis=1), 'W')))
case('softmax_large_values_1e3', dict(a=L([2, 3], [1000.0, 1000.5, 999.0, -1000.0, 0.0, 1000.0]), W=N(2, 3)),
     E.sum(E.mul(E.softmax('a', axis=1), 'W')), note='must not overflow')
case('logSoftmax_axis1', dict(a=N(4, 3), W=N(4, 3)),
     E.sum(E.mul(E.logSoftmax('a', axis=1), 'W')))
case('logSoftmax_default_axis_3d', dict(a=N(2, 2, 3), W=N(2, 2, 3)),
     E.sum(E.mul(E.logSoftmax('a'), 'W')))
case('logSoftmax_large_values_1e3', dict(a=L([2, 3], [1000.0, 1002.0, 999.0, 1000.0, -1000.0, 0.0]), W=N(2, 3)),
     E.sum(E.mul(E.logSoftmax('a', axis=-1), 'W')), note='must not overflow')
case('reshape_2x6_to_3x4', dict(a=N(2, 6), W=N(3, 4)),
     E.sum(E.mul(E.reshape('a', [3, 4]), 'W')))
case('reshape_with_minus_one', dict(a=N(2, 3, 2), W=N(4, 3)),
     E.sum(E.mul(E.reshape('a', [-1, 3]), 'W')), note='-1 infers one dimension, as torch.reshape')
case('reshape_then_broadcast_add', dict(a=N(6), b=N(2, 1), W=N(2, 3)),
     E.sum(E.mul(E.add(E.reshape('a', [2, 3]), 'b'), 'W')))
case('transpose_2d', dict(a=N(2, 3), W=N(3, 2)),
     E.sum(E.mul(E.transpose('a', axes=[1, 0]), 'W')))
case('transpose_3d_axes_2_0_1', dict(a=N(2, 3, 4), W=N(4, 2, 3)),
     E.sum(E.mul(E.transpose('a', axes=[2, 0, 1]), 'W')))
case('broadcastTo_3_to_2x3', dict(a=N(3), W=N(2, 3)),
     E.sum(E.mul(E.broadcastTo('a', [2, 3]), 'W')))
case('broadcastTo_2x1_to_3x2x4', dict(a=N(2, 1), W=N(3, 2, 4)),
     E.sum(E.mul(E.broadcastTo('a', [3, 2, 4]), 'W')))
case('concat_axis0', dict(a=N(2, 3), b=N(1, 3), W=N(3, 3)),
     E.sum(E.mul(E.concat(['a', 'b'], axis=0), 'W')))
case('concat_axis1_three', dict(a=N(2, 1), b=N(2, 3), c=N(2, 2), W=N(2, 6)),
     E.sum(E.mul(E.concat(['a', 'b', 'c'], axis=1), 'W')))
case('concat_axis_neg1_3d', dict(a=N(2, 2, 1), b=N(2, 2, 3), W=N(2, 2, 4)),
     E.sum(E.mul(E.concat(['a', 'b'], axis=-1), 'W')))
case('concat_same_input_twice', dict(a=N(2, 2), W=N(4, 2)),
     E.sum(E.mul(E.concat(['a', E.exp('a')], axis=0), 'W')), note='the same input used twice: gradients accumulate')
case('stack_axis0', dict(a=N(3), b=N(3), W=N(2, 3)),
     E.sum(E.mul(E.stack(['a', 'b'], axis=0), 'W')))
case('stack_axis1_2d', dict(a=N(2, 3), b=N(2, 3), c=N(2, 3), W=N(2, 3, 3)),
     E.sum(E.mul(E.stack(['a', 'b', 'c'], axis=1), 'W')))
case('slice_2d', dict(a=N(4, 5), W=N(2, 4)),
     E.sum(E.mul(E.slice('a', [1, 0], [3, 4]), 'W')), note='slice(x, starts, ends): ends are exclusive, like x[1:3, 0:4]')
case('matmul_2x3_3x4', dict(a=N(2, 3), b=N(3, 4), W=N(2, 4)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')))
case('matmul_1d_1d_dot', dict(a=N(4), b=N(4), W=N()),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')), note='1-D @ 1-D is a 0-d dot product')
case('matmul_1d_2d', dict(a=N(3), b=N(3, 2), W=N(2)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')))
case('matmul_2d_1d', dict(a=N(2, 3), b=N(3), W=N(2)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')))
case('matmul_batched_2x3x4_2x4x5', dict(a=N(2, 3, 4), b=N(2, 4, 5), W=N(2, 3, 5)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')))
case('matmul_batched_broadcast_2x1x3x4_5x4x2', dict(a=N(2, 1, 3, 4), b=N(5, 4, 2), W=N(2, 5, 3, 2)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')), note='batch dims broadcast to [2,5]')
case('matmul_batched_3d_2d', dict(a=N(2, 3, 4), b=N(4, 2), W=N(2, 3, 2)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')))
case('matmul_1d_3d', dict(a=N(4), b=N(2, 4, 3), W=N(2, 3)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')))
case('matmul_3d_1d', dict(a=N(2, 3, 4), b=N(4), W=N(2, 3)),
     E.sum(E.mul(E.matmul('a', 'b'), 'W')))
case('gather_axis1_repeated_indices', dict(a=N(3, 4), idx=I([3, 2], [0, 0, 3, 1, 2, 2]), W=N(3, 2)),
     E.sum(E.mul(E.gather('a', 'idx', axis=1), 'W')), note='repeated indices accumulate gradient (scatter-add)')
case('gather_axis0', dict(a=N(3, 2), idx=I([4, 2], [2, 0, 1, 1, 0, 2, 2, 2]), W=N(4, 2)),
     E.sum(E.mul(E.gather('a', 'idx', axis=0), 'W')))
case('where_same_shape', dict(c=I([2, 3], [1, 0, 1, 0, 0, 1]), a=N(2, 3), b=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.where('c', 'a', 'b'), 'W')), note='cond is an int32 tensor, nonzero = true')
case('where_broadcast', dict(c=I([3, 1], [1, 0, 1]), a=N(1, 4), b=N(3, 4), W=N(3, 4)),
     E.sum(E.mul(E.where('c', 'a', 'b'), 'W')), note="cond [3,1], a [1,4], b [3,4]: a's gradient sums over the broadcast")
case('composite_logistic_regression_loss', dict(X=N(6, 3), y=L([6], [1.0, 0.0, 1.0, 1.0, 0.0, 0.0]), w=N(3), b=L([1], [0.1])),
     E.sum(E.mean(E.sub(E.softplus(E.add(E.matmul('X', 'w'), 'b')), E.mul('y', E.add(E.matmul('X', 'w'), 'b'))))), note='mean BCE-with-logits written with core ops')
case('composite_softmax_cross_entropy', dict(Z=N(4, 3), Y=L([4, 3], [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0])),
     E.sum(E.neg(E.mean(E.sum(E.mul('Y', E.logSoftmax('Z', axis=1)), axis=1)))))
case('composite_mlp_tanh', dict(x=N(4, 3), W1=N(3, 5), b1=N(5), W2=N(5, 2), b2=N(2), W=N(4, 2)),
     E.sum(E.mul(E.add(E.matmul(E.tanh(E.add(E.matmul('x', 'W1'), 'b1')), 'W2'), 'b2'), 'W')))
case('composite_reuse_accumulates', dict(a=N(2, 3), W=N(2, 3)),
     E.sum(E.mul(E.add(E.mul('a', 'a'), E.exp('a')), 'W')), note='a appears three times in the graph')
case('composite_layernorm', dict(x=N(2, 5), W=N(2, 5)),
     E.sum(E.mul(E.div(E.sub('x', E.mean('x', axis=-1, keepdims=True)), E.sqrt(E.add(E.mean(E.mul(E.sub('x', E.mean('x', axis=-1, keepdims=True)), E.sub('x', E.mean('x', axis=-1, keepdims=True))), axis=-1, keepdims=True), 1e-05))), 'W')))
case('composite_sigmoid_of_sum_of_exp', dict(a=N(3), b=N(3), W=N(3)),
     E.sum(E.mul(E.sigmoid(E.sub(E.exp('a'), E.div('b', 2.0))), 'W')))


# ---- evaluation with PyTorch -------------------------------------------------------------------
def _axes(x, opts):
    axis = opts.get('axis')
    if axis is None:
        return tuple(range(x.dim()))
    return tuple(axis) if isinstance(axis, list) else (axis,)


def _operand(v):
    # A plain-number second operand: a constant tensor (no gradient), as @entropic/core treats it.
    return v if torch.is_tensor(v) else torch.tensor(v)


def _reduce(fn):
    return lambda x, o: fn(x, dim=_axes(x, o), keepdim=o.get('keepdims', False))


OPS = {
    'neg': lambda x, o: torch.neg(x),
    'exp': lambda x, o: torch.exp(x),
    'log': lambda x, o: torch.log(x),
    'log1p': lambda x, o: torch.log1p(x),
    'sqrt': lambda x, o: torch.sqrt(x),
    'abs': lambda x, o: torch.abs(x),
    'sigmoid': lambda x, o: torch.sigmoid(x),
    'tanh': lambda x, o: torch.tanh(x),
    'relu': lambda x, o: torch.relu(x),
    'softplus': lambda x, o: torch.nn.functional.softplus(x),  # beta 1, threshold 20
    'clamp': lambda x, o: torch.clamp(x, min=o.get('min'), max=o.get('max')),
    'add': lambda a, b, o: torch.add(a, b),
    'sub': lambda a, b, o: torch.sub(a, b),
    'mul': lambda a, b, o: torch.mul(a, b),
    'div': lambda a, b, o: torch.div(a, b),
    'pow': lambda a, b, o: torch.pow(a, b),
    'maximum': lambda a, b, o: torch.maximum(a, _operand(b)),  # a tie sends half to each side
    'minimum': lambda a, b, o: torch.minimum(a, _operand(b)),
    'sum': _reduce(torch.sum),
    'mean': _reduce(torch.mean),
    'max': _reduce(torch.amax),  # amax/amin split the gradient evenly among ties
    'min': _reduce(torch.amin),
    'logsumexp': _reduce(torch.logsumexp),
    'softmax': lambda x, o: torch.softmax(x, dim=o.get('axis', -1)),
    'logSoftmax': lambda x, o: torch.log_softmax(x, dim=o.get('axis', -1)),
    'reshape': lambda x, shape, o: torch.reshape(x, shape),
    'transpose': lambda x, o: x.permute(*o.get('axes', list(reversed(range(x.dim()))))),
    'broadcastTo': lambda x, shape, o: torch.broadcast_to(x, shape),
    'concat': lambda xs, o: torch.cat(xs, dim=o.get('axis', 0)),
    'stack': lambda xs, o: torch.stack(xs, dim=o.get('axis', 0)),
    'slice': lambda x, starts, ends, o: x[tuple(slice(s, e) for s, e in zip(starts, ends))],
    'matmul': lambda a, b, o: torch.matmul(a, b),
    'gather': lambda x, index, o: torch.gather(x, o.get('axis', 0), index.long()),
    'where': lambda c, a, b, o: torch.where(c != 0, a, b),
}


def evaluate(node, env):
    if isinstance(node, str):
        return env[node]
    if isinstance(node, list):
        return [evaluate(a, env) for a in node]
    if isinstance(node, (int, float)):
        return node
    args = [evaluate(a, env) for a in node['args']]
    return OPS[node['op']](*args, node.get('opts', {}))


def run(spec):
    env = {}
    for k, a in spec['inputs'].items():
        if a.dtype == np.int32:
            env[k] = torch.tensor(a)
        else:
            env[k] = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    value = evaluate(spec['expr'], env)
    assert value.dim() == 0, f"{spec['name']}: the expression must be a scalar"
    value.backward()
    out = {'name': spec['name']}
    if spec['note']:
        out['note'] = spec['note']
    out['inputs'] = {k: tensor_json(a) for k, a in spec['inputs'].items()}
    out['expr'] = spec['expr']
    out['value'] = tensor_json(value)
    out['grads'] = {k: tensor_json(t.grad) for k, t in env.items() if t.dtype == torch.float64}
    return out


ABOUT = (
    'Reverse-mode autodiff reference values for @entropic/core, computed with PyTorch 1.13 (CPU) in float64. '
    'Each case: inputs (flat row-major data; dtype float64 unless marked int32), expr (JSON op tree, op and '
    'option names as API.md; a string arg is an input, a number is a plain number, an array is evaluated '
    'element-wise), value = the scalar expr, grads = d value / d input for every float64 input. max/min '
    'reductions follow torch.amax/amin (gradient split evenly among ties); maximum/minimum split a tie half/half.'
)

if __name__ == '__main__':
    write_vectors('core.json', ABOUT, [run(c) for c in CASES])
