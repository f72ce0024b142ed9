/** Indexing ops: gather (torch.gather), indexSelect (torch.index_select), oneHot and where. */
import { Tensor, type TensorLike } from '../tensor.js';
import { type DType, allocate, dtypeOption, promote, promoteScalar } from '../dtype.js';
import { broadcastShapes, normalizeAxis, shapeToString, sizeOf } from '../shape.js';
import { recordOp } from '../autograd.js';
import { backend } from '../backend/index.js';
import { EntropicError, describeValue } from '../errors.js';
import { opt, parseOptions } from '../options.js';
import type { OpInfo } from './opinfo.js';

/** Options of {@link gather}. */
export interface GatherOptions {
  /** The axis to gather along (default 0). */
  axis?: number;
}

const GATHER_OPTIONS = { axis: opt.number({ integer: true, default: 0 }) };

function checkIndex(op: string, index: unknown): asserts index is Tensor {
  if (!(index instanceof Tensor)) throw new EntropicError('TYPE', op, `expected an int32 index Tensor, got ${describeValue(index)}`);
  if (index.dtype !== 'int32') throw new EntropicError('DTYPE', op, `expected an int32 index tensor, got ${describeValue(index)}`);
}

/** out[i][j] = x[index[i][j]][j] along `axis` (default 0), as torch.gather; repeated indices accumulate gradient. */
export function gather(x: Tensor, index: Tensor, opts?: GatherOptions): Tensor {
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', 'gather', `expected a Tensor, got ${describeValue(x)}`);
  checkIndex('gather', index);
  if (x.ndim === 0) throw new EntropicError('SHAPE', 'gather', 'expected an input of at least 1 dimension, got a 0-d tensor (shape [])');
  const axis = normalizeAxis('gather', parseOptions('gather', opts, GATHER_OPTIONS).axis, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== axis && d > x.shape[i]!)) {
    throw new EntropicError(
      'SHAPE',
      'gather',
      `index of shape ${shapeToString(index.shape)} does not fit input of shape ${shapeToString(x.shape)} along axis ${axis} (same number of dimensions, no larger outside axis)`,
    );
  }
  const n = x.shape[axis]!;
  const idx = index._data as Int32Array;
  for (let i = 0; i < idx.length; i++) {
    if (idx[i]! < 0 || idx[i]! >= n) {
      throw new EntropicError('VALUE', 'gather', `index ${idx[i]} at position ${i} is out of range for axis ${axis} of size ${n} (input shape ${shapeToString(x.shape)})`);
    }
  }
  const out = allocate(x.dtype, index.size);
  backend().gather(x._data, x.shape, idx, index.shape, axis, out);
  return recordOp('gather', new Tensor(out, index.shape), [x], (g) => [scatterAdd(g, index, axis, x.shape)], [index]);
}

/** Zeros of `shape` with `g` added at `index` along `axis`: the adjoint of gather. */
function scatterAdd(g: Tensor, index: Tensor, axis: number, shape: readonly number[]): Tensor {
  const out = allocate(g.dtype, sizeOf(shape));
  backend().scatterAdd(out, shape, index._data as Int32Array, index.shape, axis, g._data);
  return recordOp('scatterAdd', new Tensor(out, shape), [g], (gg) => [gather(gg, index, { axis })], [index]);
}

const INDEX_SELECT_OPTIONS = { axis: opt.number({ integer: true, default: 0 }) };

/** Options of {@link indexSelect}. */
export interface IndexSelectOptions {
  /** The axis whose slices are taken (default 0: whole rows, the mini-batch gather). */
  axis?: number;
}

/**
 * torch.index_select: the slices `index[0], index[1], …` of `x` along `axis`, in that order
 * (repeats allowed), so the result has `x`'s shape with `shape[axis]` replaced by the number of
 * indices. `index` is a 1-D (or one-element 0-d) int32 tensor of indices in [0, shape[axis]).
 * The gradient adds each output slice back into the slice it came from (torch.index_add_).
 */
export function indexSelect(x: Tensor, index: Tensor, opts?: IndexSelectOptions): Tensor {
  const fn = 'indexSelect';
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected a Tensor, got ${describeValue(x)}`);
  if (!(index instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected an int32 index Tensor, got ${describeValue(index)}`);
  if (index.dtype !== 'int32') throw new EntropicError('DTYPE', fn, `expected an int32 index tensor, got ${describeValue(index)}`);
  if (index.ndim > 1) throw new EntropicError('SHAPE', fn, `expected a 1-D index tensor, got shape ${shapeToString(index.shape)}`);
  if (x.ndim === 0) throw new EntropicError('SHAPE', fn, 'expected a tensor with at least one dimension, got shape []');
  const { axis: a } = parseOptions(fn, opts, INDEX_SELECT_OPTIONS);
  if (a < -x.ndim || a >= x.ndim) {
    throw new EntropicError('VALUE', fn, `expected axis in [${-x.ndim}, ${x.ndim - 1}] for a tensor of shape ${shapeToString(x.shape)}, got ${a}`);
  }
  const axis = a < 0 ? a + x.ndim : a;
  const n = x.shape[axis]!;
  const idx = index._data as Int32Array;
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i]!;
    if (k < 0 || k >= n) {
      throw new EntropicError('VALUE', fn, `expected indices in [0, ${n}) for axis ${axis} of shape ${shapeToString(x.shape)}, got ${k} at position ${i}`);
    }
  }
  const outShape = x.shape.slice();
  outShape[axis] = idx.length;
  const out = allocate(x.dtype, sizeOf(outShape));
  backend().indexSelect(x._data, x.shape, idx, axis, out);
  return recordOp('indexSelect', new Tensor(out, outShape), [x], (g) => [indexAdd(g, index, axis, x.shape)], [index]);
}

/** Zeros of `shape` with the slices of `g` added at `index` along `axis`: the adjoint of indexSelect. */
function indexAdd(g: Tensor, index: Tensor, axis: number, shape: readonly number[]): Tensor {
  const out = allocate(g.dtype, sizeOf(shape));
  backend().indexAdd(out, shape, index._data as Int32Array, axis, g._data);
  return recordOp('indexAdd', new Tensor(out, shape.slice()), [g], (gg) => [indexSelect(gg, index, { axis })], [index]);
}

const ONE_HOT_OPTIONS = { dtype: dtypeOption('oneHot', 'float32') };

/** One-hot rows: shape [...index.shape, numClasses], float32 unless `dtype` says otherwise. */
export function oneHot(index: Tensor, numClasses: number, opts?: { dtype?: DType }): Tensor {
  checkIndex('oneHot', index);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new EntropicError('VALUE', 'oneHot', `numClasses must be a positive integer, got ${describeValue(numClasses)}`);
  const { dtype } = parseOptions('oneHot', opts, ONE_HOT_OPTIONS);
  const out = allocate(dtype, index.size * numClasses);
  const idx = index._data;
  for (let i = 0; i < idx.length; i++) {
    const c = idx[i]!;
    if (c < 0 || c >= numClasses) throw new EntropicError('VALUE', 'oneHot', `class index ${c} at position ${i} is out of range for ${numClasses} classes`);
    out[i * numClasses + c] = 1;
  }
  return new Tensor(out, [...index.shape, numClasses]);
}

/** cond ? a : b elementwise with broadcasting (cond nonzero = true); gradients flow to the chosen side. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (!(cond instanceof Tensor)) throw new EntropicError('TYPE', 'where', `expected a condition Tensor, got ${describeValue(cond)}`);
  const x = toOperand('where', a, b);
  const y = toOperand('where', b, a);
  const dtype = promote(x.dtype, y.dtype);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const out = allocate(dtype, sizeOf(shape));
  backend().where(cond._data, cond.shape, x._data, x.shape, y._data, y.shape, out, shape);
  return recordOp('where', new Tensor(out, shape), [x, y], (g) => {
    const zero = new Tensor(allocate(g.dtype, 1), []);
    return [x.requiresGrad ? where(cond, g, zero) : null, y.requiresGrad ? where(cond, zero, g) : null];
  }, [cond]);
}

function toOperand(op: string, v: TensorLike, other: TensorLike): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v !== 'number') throw new EntropicError('TYPE', op, `expected a Tensor or a number, got ${describeValue(v)}`);
  const dtype = other instanceof Tensor ? promoteScalar(other.dtype, v) : 'float32';
  const data = allocate(dtype, 1);
  data[0] = v;
  return new Tensor(data, []);
}

export const opInfos: OpInfo[] = [
  {
    name: 'gather(axis 1)',
    fn: (x) => gather(x, new Tensor(Int32Array.from([0, 2, 2, 1, 0, 0]), [3, 2]), { axis: 1 }),
    shapes: [[[3, 4]]],
  },
  {
    name: 'indexSelect(axis 0)',
    fn: (x) => indexSelect(x, new Tensor(Int32Array.from([2, 0, 2, 1]), [4])),
    shapes: [[[3, 4]], [[3]], [[3, 2, 2]]],
  },
  {
    name: 'indexSelect(axis 1)',
    fn: (x) => indexSelect(x, new Tensor(Int32Array.from([1, 1, 0]), [3]), { axis: 1 }),
    shapes: [[[2, 3]], [[2, 2, 3]]],
  },
  {
    name: 'indexSelect(axis -1)',
    fn: (x) => indexSelect(x, new Tensor(Int32Array.from([3, 0]), [2]), { axis: -1 }),
    shapes: [[[2, 3, 4]]],
  },
  {
    name: 'where',
    fn: (a, b) => where(new Tensor(Int32Array.from([1, 0, 0, 1]), [4]), a, b),
    shapes: [[[3, 4], [3, 4]], [[2, 3, 4], [4]]],
  },
];
