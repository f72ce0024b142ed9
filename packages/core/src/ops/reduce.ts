/** Reductions over axes: sum, mean, max, min (primitives) and logsumexp (stable composite). */
import { Tensor } from '../tensor.js';
import { allocate } from '../dtype.js';
import { normalizeAxes, shapeToString } from '../shape.js';
import { recordOp } from '../autograd.js';
import { type ReduceKernel, backend } from '../backend/index.js';
import type { OpInfo } from './opinfo.js';
import { add, binaryKernel, div, mul, sub } from './binary.js';
import { exp, log } from './unary.js';
import { broadcastTo, cast, reshape } from './shape.js';
import { EntropicError, describeValue } from '../errors.js';
import { opt, parseOptions } from '../options.js';
import { where } from './indexing.js';

/**
 * Which axes a reduction ({@link sum}, {@link mean}, {@link max}, {@link min}, {@link logsumexp}) runs over.
 */
export interface ReduceOptions {
  /** Axis or axes to reduce; all when omitted. Negative axes count from the end. */
  axis?: number | readonly number[];
  /** Keep reduced axes as size 1 (default false). */
  keepdims?: boolean;
}

const isAxis = (v: unknown): v is number | readonly number[] =>
  Number.isInteger(v) || (Array.isArray(v) && v.every((a) => Number.isInteger(a)));

/** The options of every reduction over axes (variance and std add their own). */
export const REDUCE_OPTIONS = {
  axis: opt.custom('an integer or an array of integers', isAxis),
  keepdims: opt.boolean({ default: false }),
};

interface Plan {
  axes: number[];
  keepdims: boolean;
  outShape: number[];
  /** The output's shape with reduced axes kept as 1, for broadcasting back. */
  keptShape: number[];
}

function plan(op: string, x: Tensor, opts: ReduceOptions | undefined): Plan {
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', op, `expected a Tensor, got ${describeValue(x)}`);
  const { axis, keepdims } = parseOptions(op, opts, REDUCE_OPTIONS);
  const axes = normalizeAxes(op, axis, x.ndim);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdims ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  return { axes, keepdims, outShape, keptShape };
}

function reduceKernel(op: ReduceKernel, x: Tensor, p: Plan): Tensor {
  const size = p.outShape.reduce((a, d) => a * d, 1);
  const out = allocate(x.dtype, size);
  backend().reduce(op, x._data, x.shape, p.axes, out);
  return new Tensor(out, p.outShape);
}

/** A gradient of the reduced shape, broadcast back over the input's shape. */
function expand(g: Tensor, p: Plan, x: Tensor): Tensor {
  return broadcastTo(reshape(g, p.keptShape), x.shape);
}

/** Σ over axes; a bool tensor is counted (its sum is int32, the number of true elements). */
export function sum(x: Tensor, opts?: ReduceOptions): Tensor {
  const p = plan('sum', x, opts);
  return recordOp('sum', reduceKernel('sum', x.dtype === 'bool' ? cast(x, 'int32') : x, p), [x], (g) => [expand(g, p, x)], []);
}

/** The mean over axes (int32 gives float32). A bool tensor is refused, as PyTorch: cast it to a float dtype. */
export function mean(x: Tensor, opts?: ReduceOptions): Tensor {
  const p = plan('mean', x, opts);
  if (x.dtype === 'bool') {
    throw new EntropicError('DTYPE', 'mean', `expected a numeric tensor, got bool of shape ${shapeToString(x.shape)}; use mean(x.cast('float32')) for the fraction of true elements`);
  }
  const count = p.axes.reduce((n, a) => n * x.shape[a]!, 1);
  const s = sum(x.dtype === 'int32' ? x.cast('float32') : x, opts);
  return div(s, count);
}

/** torch.amax / amin: the gradient is shared evenly among tied extrema. */
function extremum(op: 'max' | 'min', x: Tensor, opts: ReduceOptions | undefined): Tensor {
  const p = plan(op, x, opts);
  for (const a of p.axes) {
    if (x.shape[a] === 0) throw new EntropicError('SHAPE', op, `cannot reduce over axis ${a} of size 0 (shape ${shapeToString(x.shape)})`);
  }
  const out = reduceKernel(op, x, p);
  return recordOp(op, out, [x], (g) => {
    const hits = binaryKernel('eq', x, reshape(out, p.keptShape), g.dtype);
    const ties = reshape(reduceKernel('sum', hits, { ...p, outShape: p.keptShape }), p.keptShape);
    return [mul(hits, div(reshape(g, p.keptShape), ties))];
  }, [x, out]);
}

/**
 * The largest value over `axis` (all values when omitted), as `torch.amax`: the gradient is split evenly among tied maxima.
 *
 * @example
 * ```ts
 * max(tensor([[1, 5], [7, 2]]), { axis: 1 }).toArray(); // [5, 7]
 * ```
 */
export function max(x: Tensor, opts?: ReduceOptions): Tensor {
  return extremum('max', x, opts);
}

/**
 * The smallest value over `axis` (all values when omitted), as `torch.amin`: the gradient is split evenly among tied minima.
 */
export function min(x: Tensor, opts?: ReduceOptions): Tensor {
  return extremum('min', x, opts);
}

/**
 * log Σ exp(x), stable for inputs of ±1e3: the max is subtracted first and treated as a
 * constant (its gradient contributions cancel exactly). An all −∞ slice gives −∞.
 */
export function logsumexp(x: Tensor, opts?: ReduceOptions): Tensor {
  const p = plan('logsumexp', x, opts);
  const m = reduceKernel('max', x, { ...p, outShape: p.keptShape });
  // Numerical trap: a slice of all −∞ (or a +∞) would give −∞ − (−∞) = NaN; shift by 0 there.
  const shift = where(binaryKernel('eq', m, new Tensor(Float64Array.of(Infinity), []), m.dtype), 0,
    where(binaryKernel('eq', m, new Tensor(Float64Array.of(-Infinity), []), m.dtype), 0, m));
  const lse = add(log(sum(exp(sub(x, shift)), { axis: p.axes, keepdims: true })), shift);
  return p.keepdims ? lse : reshape(lse, p.outShape);
}

const SHAPES: (readonly number[])[][] = [[[3, 4]], [[2, 3, 4]]];

export const opInfos: OpInfo[] = [
  { name: 'sum', fn: (x) => sum(x), shapes: SHAPES },
  { name: 'sum(axis 1, keepdims)', fn: (x) => sum(x, { axis: 1, keepdims: true }), shapes: SHAPES },
  { name: 'mean(axis [0, -1])', fn: (x) => mean(x, { axis: [0, -1] }), shapes: SHAPES },
  { name: 'max(axis -1)', fn: (x) => max(x, { axis: -1 }), shapes: SHAPES },
  { name: 'min(axis 0)', fn: (x) => min(x, { axis: 0 }), shapes: SHAPES },
  { name: 'logsumexp(axis -1)', fn: (x) => logsumexp(x, { axis: -1 }), shapes: SHAPES },
  { name: 'logsumexp', fn: (x) => logsumexp(x), shapes: SHAPES },
  // 0-d tensors accept axis 0 and −1 (the reduction is the identity), as PyTorch.
  { name: 'sum(axis -1) of 0-d', fn: (x) => sum(x, { axis: -1 }), shapes: [[[]]] },
  { name: 'max(axis 0) of 0-d', fn: (x) => max(x, { axis: 0 }), shapes: [[[]]] },
  { name: 'logsumexp(axis -1) of 0-d', fn: (x) => logsumexp(x, { axis: -1 }), shapes: [[[]]] },
];
