/** The Tensor: a contiguous row-major typed array, a shape, and (when recorded) a graph node. */
import { type DType, type TypedArray, allocate, dtypeOfArray, dtypeOption, isFloat } from './dtype.js';
import { type Shape, checkShape, shapeOption, shapeToString, sizeOf } from './shape.js';
import { type GradNode, runBackward } from './autograd.js';
import { parseOptions, opt } from './options.js';
import * as binary from './ops/binary.js';
import * as unary from './ops/unary.js';
import * as reduce from './ops/reduce.js';
import * as softmax from './ops/softmax.js';
import * as shape from './ops/shape.js';
import * as indexing from './ops/indexing.js';
import { matmul } from './ops/matmul.js';
import * as compare from './ops/compare.js';
import * as argreduce from './ops/argreduce.js';
import * as moments from './ops/moments.js';
import { EntropicError, TENSOR_BRAND, describeValue } from './errors.js';
import { VERSION } from './version.js';

/**
 * Options of every tensor-creating function: the dtype and whether the tensor is a leaf that accumulates gradients.
 */
export interface CreateOptions {
  /** The element type (default `'float32'`; a typed array passed as data sets its own). */
  dtype?: DType;
  /** Track operations on this tensor so that `backward()` fills its `.grad` (float dtypes only). */
  requiresGrad?: boolean;
}

/** A number or (nested) arrays of numbers, rectangular: the data {@link tensor} accepts. */
export type NestedArray = number | readonly NestedArray[];
/** A tensor or a plain number (a 0-d operand in binary ops). */
export type TensorLike = Tensor | number;

/** Which release of core made a tensor (a static of each copy's Tensor class; see `isTensor`). */
const CORE_RELEASE = Symbol.for('@entropic/core.release');

/**
 * An n-dimensional array of float32, float64, int32 or bool values that records the operations
 * applied to it, so that `backward()` computes gradients (reverse-mode automatic differentiation,
 * with PyTorch's semantics). Every op of core is also a method: `x.mul(w).sum()`.
 *
 * Create tensors with {@link tensor}, {@link zeros}, {@link ones}, {@link randn} and the other
 * creation functions, or wrap a typed array without copying with {@link Tensor.fromData}.
 *
 * @example
 * ```ts
 * import { tensor } from '@entropic/core';
 * const w = tensor([0.5, -1], { dtype: 'float64', requiresGrad: true });
 * const loss = w.mul(w).sum();   // Σ w²
 * loss.backward();
 * w.grad?.toArray();             // [1, -2]
 * ```
 */
export class Tensor {
  /** Marks core tensors across installed copies of `@entropic/core` (see `isTensor`); on the prototype. */
  declare readonly [TENSOR_BRAND]: true;
  /** @internal */
  static readonly [CORE_RELEASE]: string = VERSION;

  /**
   * `x instanceof Tensor` is `isTensor(x)`: true for tensors of every installed copy of core of
   * this release, an error naming both releases for a tensor of another release.
   */
  static [Symbol.hasInstance](v: unknown): v is Tensor {
    return isTensor(v);
  }
  /** The size of each dimension, e.g. `[2, 3]`; `[]` for a 0-d (scalar) tensor. */
  readonly shape: Shape;
  /** The element type. */
  readonly dtype: DType;
  /** The number of elements (the product of the shape). */
  readonly size: number;
  /** @internal storage; read it through `data`. */
  _data: TypedArray;
  /** @internal the graph node that produced this tensor (null for leaves). */
  _node: GradNode | null = null;
  /** Accumulated gradient of a leaf after `backward()`; `null` until then or after `zeroGrad`. */
  grad: Tensor | null = null;
  /** @internal the version counter, shared with views of the same storage; created on first need. */
  _versionBox: { value: number } | null = null;
  private _requiresGrad = false;

  /** Wraps `data` without copying; prefer `tensor()` or `Tensor.fromData()`. */
  constructor(data: TypedArray, shape: Shape) {
    this._data = data;
    this.shape = shape;
    this.dtype = dtypeOfArray(data);
    this.size = data.length;
  }

  /** Wraps a typed array without copying (dtype from the array type). */
  static fromData(data: TypedArray, shape: Shape, opts?: { requiresGrad?: boolean }): Tensor {
    const fn = 'Tensor.fromData';
    const { requiresGrad } = parseOptions(fn, opts, FROM_DATA_OPTIONS);
    if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array)) {
      throw new EntropicError('TYPE', fn, `expected a Float32Array, Float64Array, Int32Array or Uint8Array, got ${describeValue(data)}`);
    }
    const s = checkShape(fn, shape);
    if (sizeOf(s) !== data.length) {
      throw new EntropicError('SHAPE', fn, `data has ${data.length} elements but shape ${shapeToString(s)} needs ${sizeOf(s)}`);
    }
    const t = new Tensor(data, s);
    if (requiresGrad) t.requiresGrad = true;
    return t;
  }

  /** The number of dimensions (`shape.length`). */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The contiguous row-major elements: a live view, as PyTorch's `.data` (no copy). Writing to
   * it changes the tensor in place and is not recorded by autograd.
   */
  get data(): TypedArray {
    return this._data;
  }

  /**
   * How many tracked in-place changes this tensor's storage has had (`markModified`: optimizer
   * steps, `loadStateDict`). Views share the counter. Writes through `data` are not counted.
   */
  get version(): number {
    return this._versionBox === null ? 0 : this._versionBox.value;
  }

  /** True for tensors made by the user (not the output of a recorded op): only leaves accumulate `grad`. */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** Whether gradients flow to this tensor. Only leaves (tensors made by the user) can be set. */
  get requiresGrad(): boolean {
    return this._requiresGrad || this._node !== null;
  }

  /** Turns gradient tracking on for a leaf (float dtypes only), or off. */
  set requiresGrad(value: boolean) {
    if (this._node !== null) {
      throw new EntropicError('STATE', 'requiresGrad', 'can only be set on leaf tensors; use detach() to get a leaf');
    }
    if (value && !isFloat(this.dtype)) {
      throw new EntropicError('DTYPE', 'requiresGrad', `${this.dtype} tensors cannot require gradients (shape ${shapeToString(this.shape)}); use float32 or float64`);
    }
    this._requiresGrad = value;
  }

  /** Nested arrays of numbers (a plain number for a 0-d tensor; a bool tensor gives 0 and 1). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number, stride: number): NestedArray => {
      if (dim === this.shape.length) return this._data[offset]!;
      const n = this.shape[dim]!;
      const inner = stride / Math.max(n, 1);
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) out.push(build(dim + 1, offset + i * inner, inner));
      return out;
    };
    return build(0, 0, this.size);
  }

  /**
   * The JSON form `{ dtype, shape, data }` (`data` flat, row-major), so `JSON.stringify` of a
   * tensor or a state dict can be read back. Non-finite values become the strings "NaN",
   * "Infinity", "-Infinity" (JSON has no such numbers; `null` would lose which one it was).
   */
  toJSON(): {
    /** The tensor's dtype. */
    dtype: DType;
    /** The tensor's shape. */
    shape: number[];
    /** The elements in row-major order; non-finite ones as strings. */
    data: (number | string)[];
  } {
    const data: (number | string)[] = Array.from(this._data, (v) => (Number.isFinite(v) ? v : String(v)));
    return { dtype: this.dtype, shape: this.shape.slice(), data };
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new EntropicError('SHAPE', 'item', `expected a tensor with one element, got shape ${shapeToString(this.shape)}`);
    return this._data[0]!;
  }

  /**
   * Reverse-mode differentiation from this tensor: accumulates d(this)/d(leaf) into every leaf's
   * `grad`. A non-scalar needs `grad`, the gradient of some scalar with respect to this tensor.
   * `createGraph: true` records the backward pass, so the gradients can be differentiated again.
   */
  backward(grad?: Tensor, opts?: BackwardOptions): void {
    const { createGraph } = parseOptions('backward', opts, BACKWARD_OPTIONS);
    if (!this.requiresGrad) {
      throw new EntropicError('AUTOGRAD', 'backward', `expected a tensor that requires grad, got a tensor of shape ${shapeToString(this.shape)} that does not require grad and has no graph`);
    }
    let seed: Tensor;
    if (grad === undefined) {
      if (this.size !== 1) {
        throw new EntropicError('SHAPE', 'backward', `expected a scalar output (shape []) or an explicit gradient, got shape ${shapeToString(this.shape)}`);
      }
      seed = new Tensor(allocate(this.dtype, 1).fill(1), this.shape);
    } else {
      if (!(grad instanceof Tensor) || grad.shape.length !== this.shape.length || grad.shape.some((d, i) => d !== this.shape[i])) {
        throw new EntropicError('SHAPE', 'backward', `expected a gradient of the output's shape ${shapeToString(this.shape)}, got ${describeValue(grad)}`);
      }
      seed = grad.dtype === this.dtype ? grad : shape.cast(grad, this.dtype);
    }
    if (this._node === null) {
      this.grad = this.grad === null ? shape.clone(seed) : binary.add(this.grad, seed);
      return;
    }
    runBackward(this, seed, { createGraph });
  }

  /** A leaf sharing this tensor's storage, cut from the graph. */
  detach(): Tensor {
    return shareVersion(this, new Tensor(this._data, this.shape));
  }

  /** A short description: dtype, shape and the first values. */
  toString(): string {
    return `Tensor(${JSON.stringify(this.toArray())}, shape=${shapeToString(this.shape)}, dtype=${this.dtype})`;
  }

  /** Method form of {@link @entropic/core!add | add}: this + other elementwise. */
  add(other: TensorLike): Tensor { return binary.add(this, other); }
  /** Method form of {@link @entropic/core!sub | sub}: this − other elementwise. */
  sub(other: TensorLike): Tensor { return binary.sub(this, other); }
  /** Method form of {@link @entropic/core!mul | mul}: this · other elementwise. */
  mul(other: TensorLike): Tensor { return binary.mul(this, other); }
  /** Method form of {@link @entropic/core!div | div}: this / other elementwise. */
  div(other: TensorLike): Tensor { return binary.div(this, other); }
  /** Method form of {@link @entropic/core!pow | pow}: this raised to other elementwise. */
  pow(other: TensorLike): Tensor { return binary.pow(this, other); }
  /** Method form of {@link @entropic/core!maximum | maximum}: the elementwise larger of this and other. */
  maximum(other: TensorLike): Tensor { return binary.maximum(this, other); }
  /** Method form of {@link @entropic/core!minimum | minimum}: the elementwise smaller of this and other. */
  minimum(other: TensorLike): Tensor { return binary.minimum(this, other); }
  /** Method form of {@link @entropic/core!neg | neg}: −this. */
  neg(): Tensor { return unary.neg(this); }
  /** Method form of {@link @entropic/core!exp | exp}: eˣ elementwise. */
  exp(): Tensor { return unary.exp(this); }
  /** Method form of {@link @entropic/core!log | log}: the natural logarithm elementwise. */
  log(): Tensor { return unary.log(this); }
  /** Method form of {@link @entropic/core!log1p | log1p}: log(1 + x) elementwise. */
  log1p(): Tensor { return unary.log1p(this); }
  /** Method form of {@link @entropic/core!sqrt | sqrt}: √x elementwise. */
  sqrt(): Tensor { return unary.sqrt(this); }
  /** Method form of {@link @entropic/core!abs | abs}: |x| elementwise. */
  abs(): Tensor { return unary.abs(this); }
  /** Method form of {@link @entropic/core!sigmoid | sigmoid}: σ(x) elementwise. */
  sigmoid(): Tensor { return unary.sigmoid(this); }
  /** Method form of {@link @entropic/core!tanh | tanh}: tanh(x) elementwise. */
  tanh(): Tensor { return unary.tanh(this); }
  /** Method form of {@link @entropic/core!relu | relu}: max(x, 0) elementwise. */
  relu(): Tensor { return unary.relu(this); }
  /** Method form of {@link @entropic/core!softplus | softplus}: log(1 + eˣ) elementwise. */
  softplus(): Tensor { return unary.softplus(this); }
  /** Method form of {@link @entropic/core!clamp | clamp}: the values limited to [min, max]. */
  clamp(opts: unary.ClampOptions): Tensor { return unary.clamp(this, opts); }
  /** Method form of {@link @entropic/core!sum | sum}: the sum over `axis` (all values by default). */
  sum(opts?: reduce.ReduceOptions): Tensor { return reduce.sum(this, opts); }
  /** Method form of {@link @entropic/core!mean | mean}: the mean over `axis` (all values by default). */
  mean(opts?: reduce.ReduceOptions): Tensor { return reduce.mean(this, opts); }
  /** Method form of {@link @entropic/core!max | max}: the largest value over `axis`. */
  max(opts?: reduce.ReduceOptions): Tensor { return reduce.max(this, opts); }
  /** Method form of {@link @entropic/core!min | min}: the smallest value over `axis`. */
  min(opts?: reduce.ReduceOptions): Tensor { return reduce.min(this, opts); }
  /** Method form of {@link @entropic/core!logsumexp | logsumexp}: log Σ exp over `axis`, computed stably. */
  logsumexp(opts?: reduce.ReduceOptions): Tensor { return reduce.logsumexp(this, opts); }
  /** Method form of {@link @entropic/core!softmax | softmax}: the softmax along `axis` (default −1). */
  softmax(opts?: softmax.SoftmaxOptions): Tensor { return softmax.softmax(this, opts); }
  /**
   * Method form of {@link @entropic/core!logSoftmax | logSoftmax}: the log-softmax along `axis` (default −1).
   */
  logSoftmax(opts?: softmax.SoftmaxOptions): Tensor { return softmax.logSoftmax(this, opts); }
  /**
   * Method form of {@link @entropic/core!reshape | reshape}: the same elements in a new shape (one dimension may be −1).
   */
  reshape(newShape: readonly number[]): Tensor { return shape.reshape(this, newShape); }
  /** Method form of {@link @entropic/core!transpose | transpose}: the axes permuted (reversed by default). */
  transpose(opts?: shape.TransposeOptions): Tensor { return shape.transpose(this, opts); }
  /**
   * Method form of {@link @entropic/core!broadcastTo | broadcastTo}: the tensor broadcast to a larger shape.
   */
  broadcastTo(newShape: readonly number[]): Tensor { return shape.broadcastTo(this, newShape); }
  /** Method form of {@link @entropic/core!slice | slice}: the block from `starts` to `ends` (exclusive). */
  slice(starts: readonly number[], ends: readonly number[]): Tensor { return shape.slice(this, starts, ends); }
  /** Method form of {@link @entropic/core!cast | cast}: a copy in another dtype. */
  cast(dtype: DType): Tensor { return shape.cast(this, dtype); }
  /** Method form of {@link @entropic/core!clone | clone}: a copy that gradients flow through. */
  clone(): Tensor { return shape.clone(this); }
  /** Method form of {@link @entropic/core!matmul | matmul}: the matrix product this @ other. */
  matmul(other: Tensor): Tensor { return matmul(this, other); }
  /**
   * Method form of {@link @entropic/core!gather | gather}: values picked along an axis by an index tensor.
   */
  gather(index: Tensor, opts?: indexing.GatherOptions): Tensor { return indexing.gather(this, index, opts); }
  /** Method form of {@link @entropic/core!sign | sign}: −1, 0 or 1 elementwise. */
  sign(): Tensor { return unary.sign(this); }
  /** Method form of {@link @entropic/core!square | square}: x² elementwise. */
  square(): Tensor { return unary.square(this); }
  /**
   * Method form of {@link @entropic/core!logSigmoid | logSigmoid}: log σ(x) elementwise, exact for every x.
   */
  logSigmoid(): Tensor { return unary.logSigmoid(this); }
  /** Method form of {@link @entropic/core!xlogy | xlogy}: this · log(other), 0 where this is 0. */
  xlogy(other: TensorLike): Tensor { return binary.xlogy(this, other); }
  /** Method form of {@link @entropic/core!gt | gt}: this > other as a bool tensor. */
  gt(other: TensorLike): Tensor { return compare.gt(this, other); }
  /** Method form of {@link @entropic/core!ge | ge}: this ≥ other as a bool tensor. */
  ge(other: TensorLike): Tensor { return compare.ge(this, other); }
  /** Method form of {@link @entropic/core!lt | lt}: this < other as a bool tensor. */
  lt(other: TensorLike): Tensor { return compare.lt(this, other); }
  /** Method form of {@link @entropic/core!le | le}: this ≤ other as a bool tensor. */
  le(other: TensorLike): Tensor { return compare.le(this, other); }
  /** Method form of {@link @entropic/core!eq | eq}: this = other as a bool tensor. */
  eq(other: TensorLike): Tensor { return compare.eq(this, other); }
  /** Method form of {@link @entropic/core!ne | ne}: this ≠ other as a bool tensor. */
  ne(other: TensorLike): Tensor { return compare.ne(this, other); }
  /** Method form of {@link @entropic/core!argmax | argmax}: the index of the largest value (int32). */
  argmax(opts?: argreduce.ArgReduceOptions): Tensor { return argreduce.argmax(this, opts); }
  /** Method form of {@link @entropic/core!argmin | argmin}: the index of the smallest value (int32). */
  argmin(opts?: argreduce.ArgReduceOptions): Tensor { return argreduce.argmin(this, opts); }
  /** Method form of {@link @entropic/core!variance | variance}: the variance over `axis`. */
  variance(opts?: moments.VarianceOptions): Tensor { return moments.variance(this, opts); }
  /** Method form of {@link @entropic/core!std | std}: the standard deviation over `axis`. */
  std(opts?: moments.VarianceOptions): Tensor { return moments.std(this, opts); }
  /**
   * Method form of {@link @entropic/core!indexSelect | indexSelect}: whole slices picked along an axis by an index vector.
   */
  indexSelect(index: Tensor, opts?: indexing.IndexSelectOptions): Tensor { return indexing.indexSelect(this, index, opts); }
  /** `torch.Tensor.where`: this where `cond` holds, else `other`. */
  where(cond: Tensor, other: TensorLike): Tensor { return indexing.where(cond, this, other); }
  /** One-hot rows of this int32 index tensor. */
  oneHot(numClasses: number, opts?: { dtype?: DType }): Tensor { return indexing.oneHot(this, numClasses, opts); }
  /** `concat([this, ...others], opts)`. */
  concat(others: readonly Tensor[], opts?: shape.AxisOptions): Tensor { return shape.concat([this, ...others], opts); }
  /** `stack([this, ...others], opts)`. */
  stack(others: readonly Tensor[], opts?: shape.AxisOptions): Tensor { return shape.stack([this, ...others], opts); }
}

// The brand lives on the prototype: one property for all tensors, not one field per tensor.
Object.defineProperty(Tensor.prototype, TENSOR_BRAND, { value: true });

/** Options of `Tensor.backward`. */
export interface BackwardOptions {
  /** Record the backward pass so that the gradients can be differentiated again (default false). */
  createGraph?: boolean;
}

const BACKWARD_OPTIONS = { createGraph: opt.boolean({ default: false }) };

/**
 * Counts a tracked in-place change of `t`'s storage (an optimizer step, `loadStateDict`): a graph
 * that saved `t` before the change then refuses to run its backward pass instead of computing
 * with the new values. Call it after writing into `t.data` when such a graph may exist.
 */
export function markModified(t: Tensor): void {
  if (!(t instanceof Tensor)) throw new EntropicError('TYPE', 'markModified', `expected a Tensor, got ${describeValue(t)}`);
  if (t._versionBox === null) t._versionBox = { value: 0 };
  t._versionBox.value++;
}

/** Makes `view` (a tensor over `base`'s storage) share `base`'s version counter; returns `view`. */
export function shareVersion(base: Tensor, view: Tensor): Tensor {
  if (base._versionBox === null) base._versionBox = { value: 0 };
  view._versionBox = base._versionBox;
  return view;
}

function inferShape(data: NestedArray, fn: string): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedArray;
  }
  if (shape.length === 0 && typeof data !== 'number') {
    throw new EntropicError('TYPE', fn, `expected a number, nested arrays of numbers or a typed array, got ${describeValue(data)}`);
  }
  return shape;
}

function flatten(data: NestedArray, shape: Shape, out: number[], dim: number, path: string, fn: string): void {
  if (dim === shape.length) {
    if (Array.isArray(data)) throw new EntropicError('SHAPE', fn, `ragged nested array: expected a number at ${path || 'top level'}, got an array`);
    if (typeof data !== 'number') throw new EntropicError('TYPE', fn, `expected a number at ${path || 'top level'}, got ${describeValue(data)}`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    const got = Array.isArray(data) ? `length ${data.length}` : describeValue(data);
    throw new EntropicError('SHAPE', fn, `ragged nested array: expected length ${shape[dim]} at ${path || 'top level'}, got ${got}`);
  }
  for (let i = 0; i < data.length; i++) flatten(data[i] as NestedArray, shape, out, dim + 1, `${path}[${i}]`, fn);
}

/**
 * Copies `values` into a new array of `dtype`, refusing values int32 cannot hold exactly; bool
 * stores `v ≠ 0` as 1 (NaN included), as PyTorch.
 */
function toTypedArray(values: ArrayLike<number>, dtype: DType, fn: string): TypedArray {
  const out = allocate(dtype, values.length);
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
    return out;
  }
  if (dtype === 'int32') {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new EntropicError('VALUE', fn, `int32 data must be integers in the int32 range, got ${v} at index ${i}`);
      }
    }
  }
  out.set(values as ArrayLike<number>);
  return out;
}

/**
 * A tensor from a number, nested arrays, or a flat array / typed array with `opts.shape`.
 * Data is copied. Default dtype float32 (a typed array's own type when it is one).
 */
/**
 * Whether `v` is a Tensor. Tensors are recognised by a `Symbol.for` brand, not by class identity, so
 * a tensor made by another installed copy of `@entropic/core` (npm nests one when two packages ask
 * for different versions, bundlers sometimes duplicate one) is accepted when both copies are the
 * same release — they share one memory layout. A tensor of a different release throws an
 * `EntropicError` (code `TYPE`) saying that two copies of core are installed: mixing them would
 * otherwise fail in confusing ways deep inside an op.
 *
 * @example
 * ```ts
 * import { isTensor, tensor } from '@entropic/core';
 * isTensor(tensor([1, 2])); // true
 * isTensor([1, 2]);         // false
 * ```
 */
export function isTensor(v: unknown): v is Tensor {
  // The common case first: a tensor of this copy of core (ops check every operand).
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Tensor.prototype) return true;
  if (typeof v !== 'object' || v === null || (v as Record<symbol, unknown>)[TENSOR_BRAND] !== true) return false;
  if (Object.prototype.isPrototypeOf.call(Tensor.prototype, v)) return true;
  const release = (v.constructor as unknown as Record<symbol, unknown> | undefined)?.[CORE_RELEASE];
  if (release === VERSION) return true;
  throw new EntropicError(
    'TYPE',
    'Tensor',
    `two copies of @entropic/core are installed: got a Tensor made by @entropic/core ${typeof release === 'string' ? release : '(unknown release)'}, ` +
      `used with @entropic/core ${VERSION}. Install one copy for every package (\`npm ls @entropic/core\` lists them; \`npm dedupe\`, or ask for the same version everywhere)`,
  );
}

/**
 * A tensor from nested arrays, a number, or a flat array or typed array with `opts.shape`.
 * The dtype defaults to float32 (a typed array keeps its own).
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]).shape;                               // [2, 2]
 * tensor([0, 2, 1], { dtype: 'int32' });                        // class indices
 * tensor(new Float64Array(6), { shape: [2, 3] }).dtype;         // 'float64'
 * tensor([1, 2], { dtype: 'float64', requiresGrad: true });     // a leaf with gradients
 * ```
 */
export function tensor(
  data: NestedArray | ArrayLike<number> | TypedArray,
  opts?: CreateOptions & { shape?: readonly number[] },
): Tensor {
  const fn = 'tensor';
  const o = parseOptions(fn, opts, TENSOR_OPTIONS);
  const isTyped = ArrayBuffer.isView(data);
  const dtype = o.dtype ?? (isTyped ? dtypeOfArray(data as TypedArray) : 'float32');
  let values: ArrayLike<number>;
  let shape: number[];
  if (isTyped || (o.shape !== undefined && Array.isArray(data) && data.every((v) => typeof v === 'number'))) {
    values = data as ArrayLike<number>;
    shape = o.shape ?? [values.length];
  } else {
    const nested = data as NestedArray;
    const inferred = inferShape(nested, fn);
    const flat: number[] = [];
    flatten(nested, inferred, flat, 0, '', fn);
    values = flat;
    shape = o.shape ?? inferred;
  }
  if (sizeOf(shape) !== values.length) {
    throw new EntropicError('SHAPE', fn, `data has ${values.length} elements but shape ${shapeToString(shape)} needs ${sizeOf(shape)}`);
  }
  return withGrad(new Tensor(toTypedArray(values, dtype, fn), shape), o.requiresGrad);
}

/** Option schemas of the creation functions, one per function so that messages name it. */
function createOptions(fn: string) {
  return { dtype: dtypeOption(fn, 'float32'), requiresGrad: opt.boolean({ default: false }) };
}

const FROM_DATA_OPTIONS = { requiresGrad: opt.boolean({ default: false }) };
const TENSOR_OPTIONS = { ...createOptions('tensor'), dtype: dtypeOption('tensor', undefined), shape: shapeOption('tensor') };
const FULL_OPTIONS = createOptions('full');
const ZEROS_OPTIONS = createOptions('zeros');
const ONES_OPTIONS = createOptions('ones');
const ARANGE_OPTIONS = { ...createOptions('arange'), step: opt.number({ default: 1 }) };
const LINSPACE_OPTIONS = createOptions('linspace');
const EYE_OPTIONS = createOptions('eye');

function withGrad(t: Tensor, requiresGrad: boolean): Tensor {
  if (requiresGrad) t.requiresGrad = true;
  return t;
}

function filled(fn: string, shape: readonly number[], value: number, dtype: DType): Tensor {
  const s = checkShape(fn, shape);
  if (typeof value !== 'number') throw new EntropicError('TYPE', fn, `expected a number fill value, got ${describeValue(value)}`);
  if (dtype === 'int32' && !Number.isInteger(value)) throw new EntropicError('VALUE', fn, `int32 fill value must be an integer, got ${value}`);
  return new Tensor(allocate(dtype, sizeOf(s)).fill(dtype === 'bool' ? Number(value !== 0) : value), s);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, opts?: CreateOptions): Tensor {
  const o = parseOptions('full', opts, FULL_OPTIONS);
  return withGrad(filled('full', shape, value, o.dtype), o.requiresGrad);
}

/** A tensor of `shape` filled with 0. */
export function zeros(shape: readonly number[], opts?: CreateOptions): Tensor {
  const o = parseOptions('zeros', opts, ZEROS_OPTIONS);
  return withGrad(filled('zeros', shape, 0, o.dtype), o.requiresGrad);
}

/** A tensor of `shape` filled with 1. */
export function ones(shape: readonly number[], opts?: CreateOptions): Tensor {
  const o = parseOptions('ones', opts, ONES_OPTIONS);
  return withGrad(filled('ones', shape, 1, o.dtype), o.requiresGrad);
}

function checkFinite(fn: string, name: string, v: unknown): void {
  if (typeof v !== 'number') throw new EntropicError('TYPE', fn, `expected ${name} to be a number, got ${describeValue(v)}`);
  if (!Number.isFinite(v)) throw new EntropicError('NON_FINITE', fn, `${name} must be finite, got ${v}`);
}

function checkCount(fn: string, n: unknown): asserts n is number {
  if (!Number.isInteger(n) || (n as number) < 0) throw new EntropicError('VALUE', fn, `n must be a non-negative integer, got ${describeValue(n)}`);
}

/** Values start, start + step, … below stop (as torch.arange). */
export function arange(start: number, stop: number, opts?: CreateOptions & { step?: number }): Tensor {
  const fn = 'arange';
  const { step, ...create } = parseOptions(fn, opts, ARANGE_OPTIONS);
  if (step === 0) throw new EntropicError('OPTION', fn, "expected option 'step' to be a nonzero number, got number 0");
  checkFinite(fn, 'start', start);
  checkFinite(fn, 'stop', stop);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return tensor(values, create);
}

/** n evenly spaced values from start to stop inclusive (as torch.linspace). */
export function linspace(start: number, stop: number, n: number, opts?: CreateOptions): Tensor {
  const o = parseOptions('linspace', opts, LINSPACE_OPTIONS);
  checkCount('linspace', n);
  const values = new Array<number>(n);
  const step = n > 1 ? (stop - start) / (n - 1) : 0;
  // Fill from both ends (as PyTorch) so the last value is exactly `stop`.
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) values[i] = i < half ? start + step * i : stop - step * (n - 1 - i);
  return tensor(values, o);
}

/** The n × n identity matrix. */
export function eye(n: number, opts?: CreateOptions): Tensor {
  const o = parseOptions('eye', opts, EYE_OPTIONS);
  checkCount('eye', n);
  const t = filled('eye', [n, n], 0, o.dtype);
  for (let i = 0; i < n; i++) t._data[i * n + i] = 1;
  return withGrad(t, o.requiresGrad);
}
