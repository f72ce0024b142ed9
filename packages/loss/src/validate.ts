/**
 * Argument checks shared by every loss. Each throws an `EntropicError` (`<fn>: expected <what>,
 * got <what came>`, with a code) before anything is computed, so a bad call never yields a
 * half-computed value or a silent NaN.
 */
import {
  type DType, EntropicError, type FloatArray, type OptionSchema, type ParsedOptions, Tensor, type TypedArray, backend,
  broadcastShapes, describeValue, isFloat, opt, parseOptions, sameShape, shapeToString,
} from '@entropic/core';

/**
 * How a loss reduces its per-element (or per-sample) values: their mean (the default), their sum, or none (the unreduced tensor).
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** What every loss accepts: how to reduce the per-element (or per-sample) losses. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'`, or `'none'` for the unreduced losses. */
  reduction?: Reduction;
}

/** The `reduction` option of every loss. */
export const REDUCTION = opt.oneOf(['mean', 'sum', 'none'] as const, { default: 'mean' });

/** A loss's arguments after the preamble every loss shares. */
export interface LossArguments<S extends OptionSchema> {
  /** The input (float32 or float64). */
  x: Tensor;
  /** The target (any dtype; each loss checks what it needs). */
  y: Tensor;
  /** The options with their defaults. */
  o: ParsedOptions<S>;
}

/**
 * The preamble of every loss: the options against `schema` (unknown names throw code OPTION,
 * naming the closest known one), the input a float Tensor, the target a Tensor.
 */
export function lossArguments<S extends OptionSchema>(fn: string, input: unknown, target: unknown, opts: unknown, schema: S): LossArguments<S> {
  const o = parseOptions(fn, opts, schema);
  const x = checkFloatTensor(fn, 'input', input);
  const y = checkTensor(fn, 'target', target);
  return { x, y, o };
}

/** A float32/float64 tensor (losses differentiate their input, so int32 and bool are refused). */
export function checkFloatTensor(fn: string, what: string, x: unknown): Tensor {
  const t = checkTensor(fn, what, x);
  if (!isFloat(t.dtype)) {
    throw new EntropicError('DTYPE', fn, `expected ${what} to be float32 or float64, got ${t.dtype} (shape ${shapeToString(t.shape)}); use ${what}.cast('float32')`);
  }
  return t;
}

export function checkTensor(fn: string, what: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected ${what} to be a Tensor, got ${describeValue(x)}`);
  return x;
}

/** Entropic is stricter than PyTorch here: a target of another shape is an error, never broadcast. */
export function checkSameShape(fn: string, input: Tensor, target: Tensor, targetName = 'target'): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new EntropicError('SHAPE', fn, `expected ${targetName} of the input's shape ${shapeToString(input.shape)}, got shape ${shapeToString(target.shape)}`);
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
    if (Number.isNaN(d[i]!)) throw new EntropicError('NON_FINITE', fn, `expected ${what} without NaN, got NaN at ${what}${position(i, t.shape)}`);
  }
}

/**
 * Every value of `t` passes `ok` (NaN must fail it); otherwise a VALUE error names the first that
 * does not, with its position: `expected target in [0, 1], got 2 at target[1, 1]`.
 */
export function checkValues(fn: string, what: string, t: Tensor, expected: string, ok: (v: number) => boolean, hint = ''): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!ok(v)) throw new EntropicError('VALUE', fn, `expected ${what} ${expected}, got ${v} at ${what}${position(i, t.shape)}${hint}`);
  }
}

/** Values in [0, 1] (written so that NaN fails too). */
export const inUnitInterval = (v: number): boolean => v >= 0 && v <= 1;

export function checkConstant(fn: string, name: string, t: Tensor): void {
  if (t.requiresGrad) {
    throw new EntropicError('AUTOGRAD', fn, `expected ${name} to be a constant, got a Tensor that requires grad (its gradient is not computed); pass ${name}.detach()`);
  }
}

/** `t` broadcasts to `shape` without changing it (a weight must not enlarge the losses). */
export function checkBroadcastable(fn: string, name: string, t: Tensor, shape: readonly number[], against: string): void {
  let out: number[] | null = null;
  try {
    out = broadcastShapes(fn, t.shape, shape);
  } catch {
    // reported below
  }
  if (out === null || !sameShape(out, shape)) {
    const result = out === null ? '' : ` (the result would be ${shapeToString(out)})`;
    throw new EntropicError('SHAPE', fn, `expected ${name} broadcastable to ${against} ${shapeToString(shape)}, got shape ${shapeToString(t.shape)}${result}`);
  }
}

/**
 * A rescaling tensor (`weight`, `posWeight`): float, no NaN, constant (a weight that requires
 * grad is refused rather than silently left without a gradient) and broadcastable to `shape`
 * without changing it.
 */
export function checkWeight(fn: string, name: string, w: unknown, shape: readonly number[]): Tensor {
  const t = checkFloatTensor(fn, name, w);
  checkConstant(fn, name, t);
  checkNoNaN(fn, name, t);
  checkBroadcastable(fn, name, t, shape, "the input's shape");
  return t;
}

/**
 * A checked rescaling tensor read as a flat array of `shape`'s size (the fused kernels index it
 * per element).
 */
export function broadcastWeight(fn: string, name: string, w: unknown, shape: readonly number[]): TypedArray {
  const t = checkWeight(fn, name, w, shape);
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

/** A per-class weight: float, shape [C], constant, no NaN. */
export function classWeightTensor(fn: string, w: unknown, classes: number): Tensor | null {
  if (w === undefined || w === null) return null;
  const t = checkFloatTensor(fn, 'weight', w);
  if (t.ndim !== 1 || t.shape[0] !== classes) {
    throw new EntropicError('SHAPE', fn, `expected weight of shape [${classes}] (one per class), got shape ${shapeToString(t.shape)}`);
  }
  checkConstant(fn, 'weight', t);
  checkNoNaN(fn, 'weight', t);
  return t;
}

/** The data of a per-class weight (see `classWeightTensor`), for the fused kernels. */
export function classWeight(fn: string, w: unknown, classes: number): TypedArray | null {
  return classWeightTensor(fn, w, classes)?.data ?? null;
}

/** The dtype of a loss of `input` against a float `target` (PyTorch's promotion). */
export function resultDType(input: Tensor, target: Tensor): DType {
  if (!isFloat(target.dtype) || target.dtype === input.dtype) return input.dtype;
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

/**
 * The preamble of a loss written with core ops and compared element by element: `lossArguments`,
 * then a target of the input's shape without NaN (cast to the input's dtype when it is not float).
 */
export function elementwiseArguments<S extends OptionSchema>(fn: string, input: unknown, target: unknown, opts: unknown, schema: S): LossArguments<S> {
  const { x, y, o } = lossArguments(fn, input, target, opts, schema);
  checkSameShape(fn, x, y);
  checkNoNaN(fn, 'target', y);
  // int32 and bool targets (labels, counts) compute in the input's dtype, not float32.
  return { x, y: isFloat(y.dtype) ? y : y.cast(x.dtype), o };
}
