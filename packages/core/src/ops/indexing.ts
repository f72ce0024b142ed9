/** Indexing ops: gather (torch.gather), oneHot and where. */
import { Tensor, type TensorLike } from '../tensor.js';
import { type DType, allocate, checkDType, promote, promoteScalar } from '../dtype.js';
import { broadcastShapes, normalizeAxis, shapeToString, sizeOf } from '../shape.js';
import { recordOp } from '../autograd.js';
import { backend } from '../backend/index.js';
import type { OpInfo } from './opinfo.js';

export interface GatherOptions {
  axis?: number;
}

function checkIndex(op: string, index: unknown): asserts index is Tensor {
  if (!(index instanceof Tensor)) throw new Error(`${op}: expected an int32 index Tensor, got ${index === null ? 'null' : typeof index}`);
  if (index.dtype !== 'int32') throw new Error(`${op}: expected an int32 index tensor, got ${index.dtype} of shape ${shapeToString(index.shape)}`);
}

/** out[i][j] = x[index[i][j]][j] along `axis` (default 0), as torch.gather; repeated indices accumulate gradient. */
export function gather(x: Tensor, index: Tensor, opts: GatherOptions = {}): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`gather: expected a Tensor, got ${x === null ? 'null' : typeof x}`);
  checkIndex('gather', index);
  if (x.ndim === 0) throw new Error('gather: expected an input of at least 1 dimension, got a 0-d tensor (shape [])');
  const axis = normalizeAxis('gather', opts.axis ?? 0, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== axis && d > x.shape[i]!)) {
    throw new Error(`gather: index of shape ${shapeToString(index.shape)} does not fit input of shape ${shapeToString(x.shape)} along axis ${axis} (same number of dimensions, no larger outside axis)`);
  }
  const n = x.shape[axis]!;
  const idx = index._data as Int32Array;
  for (let i = 0; i < idx.length; i++) {
    if (idx[i]! < 0 || idx[i]! >= n) {
      throw new Error(`gather: index ${idx[i]} at position ${i} is out of range for axis ${axis} of size ${n} (input shape ${shapeToString(x.shape)})`);
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

/** One-hot rows: shape [...index.shape, numClasses], float32 unless `dtype` says otherwise. */
export function oneHot(index: Tensor, numClasses: number, opts: { dtype?: DType } = {}): Tensor {
  checkIndex('oneHot', index);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const dtype = checkDType('oneHot', opts.dtype ?? 'float32');
  const out = allocate(dtype, index.size * numClasses);
  const idx = index._data;
  for (let i = 0; i < idx.length; i++) {
    const c = idx[i]!;
    if (c < 0 || c >= numClasses) throw new Error(`oneHot: class index ${c} at position ${i} is out of range for ${numClasses} classes`);
    out[i * numClasses + c] = 1;
  }
  return new Tensor(out, [...index.shape, numClasses]);
}

/** cond ? a : b elementwise with broadcasting (cond nonzero = true); gradients flow to the chosen side. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (!(cond instanceof Tensor)) throw new Error(`where: expected a condition Tensor, got ${cond === null ? 'null' : typeof cond}`);
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
  if (typeof v !== 'number') throw new Error(`${op}: expected a Tensor or a number, got ${v === null ? 'null' : typeof v}`);
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
    name: 'where',
    fn: (a, b) => where(new Tensor(Int32Array.from([1, 0, 0, 1]), [4]), a, b),
    shapes: [[[3, 4], [3, 4]], [[2, 3, 4], [4]]],
  },
];
