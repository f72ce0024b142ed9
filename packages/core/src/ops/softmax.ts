/**
 * softmax and logSoftmax along one axis, each one op with a fused backward (PyTorch's).
 * Forward: z = x − max, then logSoftmax = z − log Σ exp z and softmax = exp z / Σ exp z.
 * Numerical trap: `x − (max + log Σ)` rounds the bracket to the dtype before subtracting
 * (float32 logSoftmax([3000, 3000]) would be −0.6931152, not −0.6931472); `(x − max) − log Σ`
 * does not. The backward is `g − softmax·Σg` and `s·(g − Σ s·g)`, written with recorded ops so it
 * differentiates again; the composite's `g − g·softmax` would cancel in float32.
 */
import { Tensor } from '../tensor.js';
import { type DType, allocate } from '../dtype.js';
import { normalizeAxis, shapeToString } from '../shape.js';
import { recordOp } from '../autograd.js';
import { backend } from '../backend/index.js';
import { EntropicError, describeValue } from '../errors.js';
import { opt, parseOptions } from '../options.js';
import type { OpInfo } from './opinfo.js';
import { mul, sub } from './binary.js';
import { exp } from './unary.js';
import { sum } from './reduce.js';

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions {
  /** The axis the probabilities sum to 1 along (default −1; a 0-d tensor accepts 0 and −1). */
  axis?: number;
}

const SOFTMAX_OPTIONS = { axis: opt.number({ integer: true, default: -1 }) };

interface Pass {
  /** The reduced axes: one, or none for a 0-d tensor. */
  axes: number[];
  /** x − max along the axis (max taken as 0 where it is ±∞). */
  z: Tensor;
  /** exp(z) and its sum along the axis (keepdims). */
  e: Tensor;
  total: Tensor;
}

/** The shared forward pass: no graph, kernels only. */
function forward(fn: string, x: Tensor, opts: SoftmaxOptions | undefined): Pass {
  const { axis } = parseOptions(fn, opts, SOFTMAX_OPTIONS);
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected a Tensor, got ${describeValue(x)}`);
  if (x.dtype === 'int32') throw new EntropicError('DTYPE', fn, `expected a float32 or float64 tensor, got int32 of shape ${shapeToString(x.shape)}`);
  const normalized = normalizeAxis(fn, axis, x.ndim);
  const axes = x.ndim === 0 ? [] : [normalized];
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const rows = kept.reduce((p, d) => p * d, 1);
  const b = backend();
  const m = allocate(x.dtype, rows);
  b.reduce('max', x._data, x.shape, axes, m);
  // Numerical trap: an all −∞ slice (or a +∞) would give −∞ − (−∞) = NaN; shift by 0 there.
  for (let i = 0; i < rows; i++) if (m[i] === Infinity || m[i] === -Infinity) m[i] = 0;
  const z = allocate(x.dtype, x.size);
  b.binary('sub', x._data, x.shape, m, kept, z, x.shape);
  const e = allocate(x.dtype, x.size);
  b.unary('exp', z, e);
  const total = allocate(x.dtype, rows);
  b.reduce('sum', e, x.shape, axes, total);
  return { axes, z: new Tensor(z, x.shape), e: new Tensor(e, x.shape), total: new Tensor(total, kept) };
}

function kernel(op: 'sub' | 'div', a: Tensor, b: Tensor, dtype: DType): Tensor {
  const out = allocate(dtype, a.size);
  backend().binary(op, a._data, a.shape, b._data, b.shape, out, a.shape);
  return new Tensor(out, a.shape);
}

/** log softmax(x) = (x − max) − log Σ exp(x − max); −∞ entries stay −∞, a 0-d tensor gives 0. */
export function logSoftmax(x: Tensor, opts?: SoftmaxOptions): Tensor {
  const { axes, z, total } = forward('logSoftmax', x, opts);
  const logTotal = allocate(x.dtype, total.size);
  backend().unary('log', total._data, logTotal);
  const out = kernel('sub', z, new Tensor(logTotal, total.shape), x.dtype);
  // d/dx: g − softmax·Σg, softmax recomputed from the output (exp of a recorded op: differentiable).
  return recordOp('logSoftmax', out, [x], (g) => [sub(g, mul(exp(out), sum(g, { axis: axes, keepdims: true })))], [out]);
}

/** exp(x − max) / Σ exp(x − max): stable for inputs of ±1e3, −∞ entries get 0, a 0-d tensor gives 1. */
export function softmax(x: Tensor, opts?: SoftmaxOptions): Tensor {
  const { axes, e, total } = forward('softmax', x, opts);
  const out = kernel('div', e, total, x.dtype);
  return recordOp('softmax', out, [x], (g) => [mul(out, sub(g, sum(mul(out, g), { axis: axes, keepdims: true })))], [out]);
}

export const opInfos: OpInfo[] = [
  { name: 'softmax', fn: (x) => softmax(x), shapes: [[[3, 4]], [[2, 3, 4]], [[]]] },
  { name: 'softmax(axis 0)', fn: (x) => softmax(x, { axis: 0 }), shapes: [[[3, 4]], [[]]] },
  { name: 'logSoftmax', fn: (x) => logSoftmax(x), shapes: [[[3, 4]], [[2, 3, 4]], [[]]] },
  { name: 'logSoftmax(axis 1)', fn: (x) => logSoftmax(x, { axis: 1 }), shapes: [[[2, 3, 4]]] },
];
