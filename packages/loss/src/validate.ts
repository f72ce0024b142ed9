/**
 * Argument checks shared by every loss. Each throws `<fn>: expected <what>, got <what came>`
 * before anything is computed, so a bad call never yields a half-computed value or a silent NaN.
 */
import { type DType, type FloatArray, Tensor, type TypedArray, backend, broadcastShapes, isTensor, shapeToString } from '@entropic/core';

/**
 * How a loss reduces its per-element (or per-sample) values: their mean (the default), their sum, or none (the unreduced tensor).
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** What every loss accepts: how to reduce the per-element (or per-sample) losses. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'`, or `'none'` for the unreduced losses. */
  reduction?: Reduction;
}

export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a ${v.dtype} Tensor of shape ${shapeToString(v.shape)}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${v}`;
  return typeof v;
}

/** The options object, refusing option names the loss does not know (a typo is an error, as a Python kwarg). */
export function checkOptions<O extends object>(fn: string, opts: O | undefined, known: readonly string[]): O {
  if (opts === undefined) return {} as O;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || opts instanceof Tensor) {
    throw new Error(`${fn}: expected an options object { ${known.join(', ')} }, got ${describe(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) {
      throw new Error(`${fn}: unknown option '${key}'; expected one of ${known.join(', ')}`);
    }
  }
  return opts;
}

export function checkReduction(fn: string, reduction: unknown): Reduction {
  if (reduction === undefined) return 'mean';
  if (reduction === 'mean' || reduction === 'sum' || reduction === 'none') return reduction;
  throw new Error(`${fn}: expected reduction 'mean', 'sum' or 'none', got ${describe(reduction)}`);
}

/** A float32/float64 tensor (losses differentiate their input, so int32 is refused). */
export function checkFloatTensor(fn: string, what: string, x: unknown): Tensor {
  if (!isTensor(x)) throw new Error(`${fn}: expected ${what} to be a Tensor, got ${describe(x)}`);
  if (x.dtype === 'int32') {
    throw new Error(`${fn}: expected ${what} to be float32 or float64, got int32 (shape ${shapeToString(x.shape)}); use ${what}.cast('float32')`);
  }
  return x;
}

export function checkTensor(fn: string, what: string, x: unknown): Tensor {
  if (!isTensor(x)) throw new Error(`${fn}: expected ${what} to be a Tensor, got ${describe(x)}`);
  return x;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Entropic is stricter than PyTorch here: a target of another shape is an error, never broadcast. */
export function checkSameShape(fn: string, input: Tensor, target: Tensor, inputName = 'input'): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(`${fn}: expected target of the ${inputName}'s shape ${shapeToString(input.shape)}, got shape ${shapeToString(target.shape)}`);
  }
}

/** Row-major position of flat index `i` in `shape`, as `[1, 2]`. */
export function position(i: number, shape: readonly number[]): string {
  if (shape.length === 0) return '[]';
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k]!;
    idx[k] = i % d;
    i = Math.floor(i / d);
  }
  return `[${idx.join(', ')}]`;
}

/** NaN targets poison a training run silently; refuse them up front, naming the first one. */
export function checkNoNaN(fn: string, what: string, t: Tensor): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (Number.isNaN(d[i]!)) throw new Error(`${fn}: expected ${what} without NaN, got NaN at ${what}${position(i, t.shape)}`);
  }
}

/**
 * A rescaling tensor (`weight`, `posWeight`) broadcast against `shape` and read as a flat
 * array of `shape`'s size. It is a constant: a weight that requires grad is refused rather
 * than silently left without a gradient.
 */
export function broadcastWeight(fn: string, name: string, w: unknown, shape: readonly number[]): TypedArray {
  const t = checkFloatTensor(fn, name, w);
  checkConstant(fn, name, t);
  checkNoNaN(fn, name, t);
  let out: number[];
  try {
    out = broadcastShapes(fn, t.shape, shape);
  } catch {
    throw new Error(`${fn}: expected ${name} broadcastable to the input's shape ${shapeToString(shape)}, got shape ${shapeToString(t.shape)}`);
  }
  if (!sameShape(out, shape)) {
    throw new Error(`${fn}: expected ${name} broadcastable to the input's shape ${shapeToString(shape)}, got shape ${shapeToString(t.shape)} (the result would be ${shapeToString(out)})`);
  }
  if (sameShape(t.shape, shape)) return t.data;
  // Materialise the broadcast once: O(size), and the kernels stay simple flat loops.
  const size = shape.reduce((a, d) => a * d, 1);
  const res = new Float64Array(size);
  const offset = shape.length - t.shape.length;
  const strides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let k = t.shape.length - 1; k >= 0; k--) {
    strides[offset + k] = t.shape[k] === 1 ? 0 : s;
    s *= t.shape[k]!;
  }
  const idx = new Array<number>(shape.length).fill(0);
  const src = t.data;
  let at = 0;
  for (let i = 0; i < size; i++) {
    res[i] = src[at]!;
    for (let k = shape.length - 1; k >= 0; k--) {
      idx[k]!++;
      at += strides[k]!;
      if (idx[k]! < shape[k]!) break;
      at -= strides[k]! * idx[k]!;
      idx[k] = 0;
    }
  }
  return res;
}

export function checkConstant(fn: string, name: string, t: Tensor): void {
  if (t.requiresGrad) {
    throw new Error(`${fn}: expected ${name} to be a constant, got a Tensor that requires grad (its gradient is not computed); pass ${name}.detach()`);
  }
}

/** A per-class weight: float, shape [C], constant. */
export function classWeight(fn: string, w: unknown, classes: number): TypedArray | null {
  if (w === undefined || w === null) return null;
  const t = checkFloatTensor(fn, 'weight', w);
  if (t.ndim !== 1 || t.shape[0] !== classes) {
    throw new Error(`${fn}: expected weight of shape [${classes}] (one per class), got shape ${shapeToString(t.shape)}`);
  }
  checkConstant(fn, 'weight', t);
  checkNoNaN(fn, 'weight', t);
  return t.data;
}

/** The dtype of a loss of `input` against a float `target` (PyTorch's promotion). */
export function resultDType(input: Tensor, target: Tensor): DType {
  if (target.dtype === 'int32' || target.dtype === input.dtype) return input.dtype;
  return 'float64';
}

/**
 * A zero-filled typed array for a result, from the active backend: float32 values are computed in
 * double and rounded once on store.
 */
export function allocate(dtype: DType, size: number): FloatArray {
  return backend().allocate(dtype === 'float32' ? 'float32' : 'float64', size) as FloatArray;
}

/** The scale the reduction applies to each loss: 1/count for 'mean', else 1. */
export function reduceScale(reduction: Reduction, count: number): number {
  return reduction === 'mean' ? 1 / count : 1;
}
