/** Shape ops: views, permutations, broadcasting, joins and slices, each with its adjoint. */
import { Tensor, shareVersion } from '../tensor.js';
import { type DType, allocate, checkDType, isFloat } from '../dtype.js';
import { broadcastShapes, checkShape, normalizeAxis, sameShape, shapeToString, sizeOf } from '../shape.js';
import { gradOps, recordOp } from '../autograd.js';
import { backend } from '../backend/index.js';
import type { OpInfo } from './opinfo.js';
import { EntropicError, describeValue } from '../errors.js';
import { opt, parseOptions } from '../options.js';

function checkTensor(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', op, `expected a Tensor, got ${describeValue(x)}`);
}

/** A view with a new shape (shares storage); one dimension may be −1. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', x);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new EntropicError('SHAPE', 'reshape', `expected a shape of integers (one may be -1), got ${Array.isArray(shape) ? JSON.stringify(shape) : describeValue(shape)}`);
  }
  const unknown = shape.indexOf(-1);
  if (unknown !== shape.lastIndexOf(-1)) throw new EntropicError('SHAPE', 'reshape', `only one dimension can be -1, got ${shapeToString(shape)}`);
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const resolved = shape.slice();
  if (unknown >= 0) {
    if (known === 0 || x.size % known !== 0) {
      throw cannotReshape(x, shape);
    }
    resolved[unknown] = x.size / known;
  }
  if (sizeOf(resolved) !== x.size) {
    throw cannotReshape(x, shape);
  }
  if (sameShape(resolved, x.shape)) return x;
  // A view: it shares the storage and so the version counter.
  return recordOp('reshape', shareVersion(x, new Tensor(x._data, resolved)), [x], (g) => [reshape(g, x.shape)], []);
}

function cannotReshape(x: Tensor, shape: readonly number[]): EntropicError {
  return new EntropicError('SHAPE', 'reshape', `cannot reshape tensor of shape ${shapeToString(x.shape)} (${x.size} elements) into ${shapeToString(shape)}`);
}

/** Options of {@link transpose}. */
export interface TransposeOptions {
  /** The permutation of axes (default: reversed). */
  axes?: readonly number[];
}

const isAxisList = (v: unknown): v is readonly number[] => Array.isArray(v) && v.every((a) => Number.isInteger(a));
const TRANSPOSE_OPTIONS = { axes: opt.custom('an array of integers', isAxisList) };

/**
 * Permutes the axes (reverses them by default, so a matrix is transposed). The result is a copy.
 *
 * @example
 * ```ts
 * transpose(tensor([[1, 2, 3], [4, 5, 6]])).shape; // [3, 2]
 * ```
 */
export function transpose(x: Tensor, opts?: TransposeOptions): Tensor {
  checkTensor('transpose', x);
  const { axes } = parseOptions('transpose', opts, TRANSPOSE_OPTIONS);
  const nd = x.ndim;
  const perm = axes === undefined ? Array.from({ length: nd }, (_, i) => nd - 1 - i) : axes.map((a) => normalizeAxis('transpose', a, nd));
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new EntropicError('VALUE', 'transpose', `axes ${JSON.stringify(axes)} is not a permutation of the ${nd} axes of shape ${shapeToString(x.shape)}`);
  }
  const outShape = perm.map((p) => x.shape[p]!);
  const out = allocate(x.dtype, x.size);
  backend().transpose(x._data, x.shape, perm, out);
  const inverse = new Array<number>(nd);
  perm.forEach((p, i) => { inverse[p] = i; });
  return recordOp('transpose', new Tensor(out, outShape), [x], (g) => [transpose(g, { axes: inverse })], []);
}

/** Materialises `x` broadcast to `shape` (which must be exactly the broadcast result). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('broadcastTo', x);
  const target = checkShape('broadcastTo', shape);
  const result = broadcastShapes('broadcastTo', x.shape, target);
  if (!sameShape(result, target)) {
    throw new EntropicError('SHAPE', 'broadcastTo', `shape ${shapeToString(x.shape)} cannot be broadcast to ${shapeToString(target)}`);
  }
  if (sameShape(x.shape, target)) return x;
  const out = allocate(x.dtype, sizeOf(target));
  const zero = allocate(x.dtype, 1);
  backend().binary('add', x._data, x.shape, zero, [], out, target);
  return recordOp('broadcastTo', new Tensor(out, target), [x], (g) => [sumToShape(g, x.shape)], []);
}

/** The one helper that reduces a broadcast gradient back to its input's shape (the adjoint of broadcastTo). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  const out = allocate(g.dtype, sizeOf(shape));
  backend().reduce('sum', g._data, g.shape, axes, out);
  return recordOp('sumToShape', new Tensor(out, shape.slice()), [g], (gg) => [broadcastTo(gg, g.shape)], []);
}

/** The axis {@link concat} joins along, or {@link stack} inserts. */
export interface AxisOptions {
  /** The axis to join along (default 0). */
  axis?: number;
}

const AXIS_OPTIONS = { axis: opt.number({ integer: true, default: 0 }) };

/** The tensors to join: a non-empty array of Tensors. */
function checkTensorList(op: string, xs: unknown): asserts xs is readonly Tensor[] {
  if (!Array.isArray(xs)) throw new EntropicError('TYPE', op, `expected an array of Tensors, got ${describeValue(xs)}`);
  if (xs.length === 0) throw new EntropicError('VALUE', op, 'expected a non-empty array of Tensors, got an empty array');
  xs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new EntropicError('TYPE', op, `expected element ${i} to be a Tensor, got ${describeValue(t)}`);
  });
}

/**
 * Joins tensors along an existing axis; every other dimension must agree.
 *
 * @example
 * ```ts
 * concat([zeros([2, 3]), ones([1, 3])]).shape; // [3, 3]
 * ```
 */
export function concat(xs: readonly Tensor[], opts?: AxisOptions): Tensor {
  checkTensorList('concat', xs);
  const first = xs[0]!;
  if (first.ndim === 0) throw new EntropicError('SHAPE', 'concat', 'expected tensors of at least 1 dimension, got a 0-d tensor (shape []); stack() joins 0-d tensors');
  const axis = normalizeAxis('concat', parseOptions('concat', opts, AXIS_OPTIONS).axis, first.ndim);
  for (const t of xs) {
    if (t.ndim !== first.ndim || t.shape.some((d: number, i: number) => i !== axis && d !== first.shape[i])) {
      throw new EntropicError('SHAPE', 'concat', `shapes ${shapeToString(first.shape)} and ${shapeToString(t.shape)} differ outside axis ${axis}`);
    }
    if (t.dtype !== first.dtype) throw new EntropicError('DTYPE', 'concat', `dtypes differ (${first.dtype} and ${t.dtype})`);
  }
  const outShape = first.shape.slice();
  outShape[axis] = xs.reduce((n, t) => n + t.shape[axis]!, 0);
  const out = allocate(first.dtype, sizeOf(outShape));
  const starts = new Array<number>(outShape.length).fill(0);
  const offsets: number[] = [];
  for (const t of xs) {
    offsets.push(starts[axis]!);
    backend().addToSlice(out, outShape, starts, t._data, t.shape);
    starts[axis]! += t.shape[axis]!;
  }
  return recordOp('concat', new Tensor(out, outShape), xs, (g) =>
    xs.map((t, i) => {
      const s = new Array<number>(outShape.length).fill(0);
      s[axis] = offsets[i]!;
      const e = outShape.slice();
      e[axis] = offsets[i]! + t.shape[axis]!;
      return slice(g, s, e);
    }),
    [],
  );
}

/** Joins tensors of one shape along a new axis: `stack([a, b])` of two `[3]` tensors has shape `[2, 3]`. */
export function stack(xs: readonly Tensor[], opts?: AxisOptions): Tensor {
  checkTensorList('stack', xs);
  const first = xs[0]!;
  const axis = normalizeAxis('stack', parseOptions('stack', opts, AXIS_OPTIONS).axis, first.ndim + 1);
  for (const t of xs) {
    if (!sameShape(t.shape, first.shape)) {
      throw new EntropicError('SHAPE', 'stack', `every tensor must have shape ${shapeToString(first.shape)}, got ${shapeToString(t.shape)}`);
    }
  }
  const expanded = first.shape.slice();
  expanded.splice(axis, 0, 1);
  return concat(xs.map((t) => reshape(t, expanded)), { axis });
}

/** x[starts[0]:ends[0], …] with exclusive ends; negative indices count from the end. */
export function slice(x: Tensor, starts: readonly number[], ends: readonly number[]): Tensor {
  checkTensor('slice', x);
  if (!Array.isArray(starts) || !Array.isArray(ends) || starts.length > x.ndim || ends.length !== starts.length) {
    throw new EntropicError('VALUE', 'slice', `expected starts and ends of equal length ≤ ${x.ndim} for shape ${shapeToString(x.shape)}, got ${JSON.stringify(starts)} and ${JSON.stringify(ends)}`);
  }
  const s = x.shape.map(() => 0);
  const outShape = x.shape.slice();
  for (let d = 0; d < starts.length; d++) {
    const n = x.shape[d]!;
    const b = starts[d]! < 0 ? starts[d]! + n : starts[d]!;
    const e = ends[d]! < 0 ? ends[d]! + n : ends[d]!;
    if (!Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e > n || b > e) {
      throw new EntropicError('VALUE', 'slice', `range ${starts[d]}:${ends[d]} is out of bounds for axis ${d} of size ${n} (shape ${shapeToString(x.shape)})`);
    }
    s[d] = b;
    outShape[d] = e - b;
  }
  const out = allocate(x.dtype, sizeOf(outShape));
  backend().slice(x._data, x.shape, s, outShape, out);
  return recordOp('slice', new Tensor(out, outShape), [x], (g) => [padSlice(g, s, x.shape)], []);
}

/** Zeros of `shape` with `g` written at `starts`: the adjoint of slice. */
function padSlice(g: Tensor, starts: readonly number[], shape: readonly number[]): Tensor {
  const out = allocate(g.dtype, sizeOf(shape));
  backend().addToSlice(out, shape, starts, g._data, g.shape);
  const ends = starts.map((b, d) => b + g.shape[d]!);
  return recordOp('padSlice', new Tensor(out, shape.slice()), [g], (gg) => [slice(gg, starts, ends)], []);
}

/**
 * A copy with another dtype, as PyTorch: float → int32 truncates toward zero; → bool is
 * `x ≠ 0` (NaN is true); bool → numbers gives 0/1. The gradient passes between float dtypes only.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkTensor('cast', x);
  checkDType('cast', dtype);
  if (x.dtype === dtype) return x;
  const out = allocate(dtype, x.size);
  backend().cast(x._data, out);
  const t = new Tensor(out, x.shape);
  return isFloat(dtype) && isFloat(x.dtype) ? recordOp('cast', t, [x], (g) => [cast(g, x.dtype)], []) : t;
}

/** A copy with its own storage (recorded: the gradient passes through). */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', x);
  const out = allocate(x.dtype, x.size);
  backend().cast(x._data, out);
  return recordOp('clone', new Tensor(out, x.shape), [x], (g) => [g], []);
}

gradOps.sumToShape = sumToShape;
gradOps.cast = cast;
gradOps.clone = clone;

export const opInfos: OpInfo[] = [
  { name: 'reshape', fn: (x) => reshape(x, [4, -1]), shapes: [[[2, 3, 2]]] },
  { name: 'transpose', fn: (x) => transpose(x), shapes: [[[3, 4]], [[2, 3, 4]]] },
  { name: 'transpose(axes [1, 0, 2])', fn: (x) => transpose(x, { axes: [1, 0, 2] }), shapes: [[[2, 3, 4]]] },
  { name: 'broadcastTo', fn: (x) => broadcastTo(x, [2, 3, 4]), shapes: [[[3, 1]], [[4]], [[]]] },
  { name: 'concat(axis 1)', fn: (a, b) => concat([a, b], { axis: 1 }), shapes: [[[2, 3], [2, 4]]] },
  { name: 'stack(axis -1)', fn: (a, b) => stack([a, b], { axis: -1 }), shapes: [[[2, 3], [2, 3]]] },
  { name: 'slice', fn: (x) => slice(x, [1, 0], [3, 2]), shapes: [[[4, 3]]] },
];
