/**
 * argmax / argmin: the int32 position of the largest / smallest value along an axis (of the
 * flattened tensor when no axis is given), the first one at a tie, and the position of the first
 * NaN where there is one, as PyTorch. Built from the backend's max, eq, where and min kernels, so
 * a faster backend speeds them up without a kernel of their own.
 */
import { Tensor } from '../tensor.js';
import { allocate } from '../dtype.js';
import { normalizeAxis, shapeToString, sizeOf } from '../shape.js';
import { EntropicError, describeValue } from '../errors.js';
import { opt, parseOptions } from '../options.js';
import { backend } from '../backend/index.js';
import { binaryKernel } from './binary.js';

/** Options of {@link argmax} and {@link argmin}. */
export interface ArgReduceOptions {
  /** The axis to search along; the flattened tensor when omitted (as `torch.argmax(x)`). */
  axis?: number;
  /** Keep the searched axis (every axis when `axis` is omitted) as size 1 (default false). */
  keepdims?: boolean;
}

const SCHEMA = { axis: opt.number({ integer: true }), keepdims: opt.boolean({ default: false }) };

function argExtremum(op: 'argmax' | 'argmin', x: Tensor, opts: ArgReduceOptions | undefined): Tensor {
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', op, `expected a Tensor, got ${describeValue(x)}`);
  const o = parseOptions(op, opts, SCHEMA);
  const flat = o.axis === undefined;
  // A 0-d tensor is searched as one element (axis 0 and −1 are accepted, as PyTorch).
  const shape = flat || x.ndim === 0 ? [x.size] : x.shape;
  const axis = flat ? 0 : normalizeAxis(op, o.axis!, x.ndim === 0 ? 1 : x.ndim);
  const n = shape[axis]!;
  if (n === 0) {
    throw new EntropicError('SHAPE', op, `expected a non-empty ${flat ? 'tensor' : `axis ${axis}`} to search, got shape ${shapeToString(x.shape)}`);
  }
  const kept = shape.map((d, i) => (i === axis ? 1 : d));
  const src = new Tensor(x._data, shape);
  const extreme = allocate(x.dtype, sizeOf(kept));
  backend().reduce(op === 'argmax' ? 'max' : 'min', x._data, shape, [axis], extreme);
  // Hits: the extreme value, or NaN (which wins max and min, so where it occurs it is the extreme).
  const hits = binaryKernel('maximum', binaryKernel('eq', src, new Tensor(extreme, kept), 'bool'), binaryKernel('ne', src, src, 'bool'), 'bool');
  // Each hit's position along the axis, and n (larger than any) elsewhere: the min is the first hit.
  const positions = Int32Array.from({ length: n }, (_, i) => i);
  const positionShape = shape.map((_, i) => (i === axis ? n : 1));
  const candidates = new Int32Array(src.size);
  backend().where(hits._data, shape, positions, positionShape, Int32Array.of(n), [], candidates, shape);
  const out = new Int32Array(sizeOf(kept));
  backend().reduce('min', candidates, shape, [axis], out);
  const outShape = flat ? (o.keepdims ? x.shape.map(() => 1) : []) : o.keepdims ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  return new Tensor(out, outShape);
}

/** The int32 index of the largest value along `axis` (of the flattened tensor without one); the first at a tie. */
export function argmax(x: Tensor, opts?: ArgReduceOptions): Tensor {
  return argExtremum('argmax', x, opts);
}

/** The int32 index of the smallest value along `axis` (of the flattened tensor without one); the first at a tie. */
export function argmin(x: Tensor, opts?: ArgReduceOptions): Tensor {
  return argExtremum('argmin', x, opts);
}
