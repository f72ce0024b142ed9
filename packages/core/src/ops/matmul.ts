/** matmul with torch.matmul's semantics: 1-D, 2-D and broadcast-batched. */
import { Tensor } from '../tensor.js';
import { type FloatArray, allocate, isFloat, promote } from '../dtype.js';
import { EntropicError, describeValue } from '../errors.js';
import { broadcastShapes, broadcastStrides, shapeToString, sizeOf, stridesOf } from '../shape.js';
import { recordOp } from '../autograd.js';
import { backend } from '../backend/index.js';
import type { OpInfo } from './opinfo.js';
import { cast, reshape } from './shape.js';

/**
 * op(A)·op(B) over broadcast batch dimensions, where op transposes the last two axes when asked
 * (read through strides: no transposed copy is made).
 */
function batchedGemm(a: Tensor, transA: boolean, b: Tensor, transB: boolean): Tensor {
  const ar = a.shape[a.ndim - 2]!;
  const ac = a.shape[a.ndim - 1]!;
  const br = b.shape[b.ndim - 2]!;
  const bc = b.shape[b.ndim - 1]!;
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) {
    throw new EntropicError('SHAPE', 'matmul', `shapes ${shapeToString(a.shape)} and ${shapeToString(b.shape)} are not aligned (inner dimensions ${k} and ${k2})`);
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', aBatch, bBatch);
  const aStrides = broadcastStrides(aBatch, batch).map((s) => s * ar * ac);
  const bStrides = broadcastStrides(bBatch, batch).map((s) => s * br * bc);
  const count = sizeOf(batch);
  const out = allocate(a.dtype, count * m * n) as FloatArray;
  const batchStrides = stridesOf(batch);
  for (let i = 0; i < count; i++) {
    let aOff = 0;
    let bOff = 0;
    for (let d = 0, rest = i; d < batch.length; d++) {
      const idx = Math.floor(rest / batchStrides[d]!);
      rest -= idx * batchStrides[d]!;
      aOff += idx * aStrides[d]!;
      bOff += idx * bStrides[d]!;
    }
    backend().gemm(
      m, n, k,
      a._data as FloatArray, aOff, transA ? 1 : ac, transA ? ac : 1,
      b._data as FloatArray, bOff, transB ? 1 : bc, transB ? bc : 1,
      out, i * m * n,
    );
  }
  return new Tensor(out, [...batch, m, n]);
}

/**
 * op(A)·op(B), recorded. With C = A'·B' (A' = op(A), B' = op(B)): dA' = G·B'ᵀ and dB' = A'ᵀ·G,
 * each again a gemmOp with transpose flags, so the gradient is differentiable to any order and
 * no transposed copy is ever made. Broadcast batch axes are summed back by the tape.
 */
function gemmOp(a: Tensor, transA: boolean, b: Tensor, transB: boolean): Tensor {
  return recordOp('matmul', batchedGemm(a, transA, b, transB), [a, b], (g) => [
    a.requiresGrad ? (transA ? gemmOp(b, transB, g, true) : gemmOp(g, false, b, !transB)) : null,
    b.requiresGrad ? (transB ? gemmOp(g, true, a, transA) : gemmOp(a, !transA, g, false)) : null,
  ], [a, b]);
}

/**
 * The matrix product, as `torch.matmul`: 1-D × 1-D is a dot product (a 0-d tensor), a 1-D
 * operand is treated as a row (left) or column (right) vector and that axis dropped from the
 * result, and leading batch dimensions broadcast.
 *
 * @example
 * ```ts
 * matmul(ones([2, 3]), ones([3, 4])).shape;    // [2, 4]
 * matmul(ones([5, 2, 3]), ones([3])).shape;    // [5, 2]
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  for (const [name, t] of [['first', a], ['second', b]] as const) {
    if (!(t instanceof Tensor)) throw new EntropicError('TYPE', 'matmul', `expected Tensors, the ${name} operand is ${describeValue(t)}`);
    if (t.ndim === 0) throw new EntropicError('SHAPE', 'matmul', `expected tensors of at least 1 dimension, the ${name} operand has shape []`);
    if (!isFloat(t.dtype)) throw new EntropicError('DTYPE', 'matmul', `expected float32 or float64 tensors, the ${name} operand is ${t.dtype}`);
  }
  const dtype = promote(a.dtype, b.dtype);
  const x = a.ndim === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const y = b.ndim === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const xc = cast(x, dtype);
  const yc = cast(y, dtype);
  const prod = gemmOp(xc, false, yc, false);
  // Drop the axes that 1-D operands were promoted with, as torch.matmul.
  if (a.ndim === 1 || b.ndim === 1) {
    const shape = prod.shape.slice();
    if (b.ndim === 1) shape.splice(shape.length - 1, 1);
    if (a.ndim === 1) shape.splice(shape.length - (b.ndim === 1 ? 1 : 2), 1);
    return reshape(prod, shape);
  }
  return prod;
}

export const opInfos: OpInfo[] = [
  {
    name: 'matmul',
    fn: matmul,
    shapes: [
      [[3, 4], [4, 5]],
      [[4], [4]],
      [[4], [4, 3]],
      [[3, 4], [4]],
      [[2, 3, 4], [4, 5]],
      [[2, 1, 3, 4], [3, 4, 2]],
    ],
  },
];
