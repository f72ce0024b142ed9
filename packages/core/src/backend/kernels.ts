/**
 * The kernels: every named computation a backend can provide, with its exact signature. Ops and
 * the other packages validate arguments and decide shapes and dtypes; a kernel only computes, on
 * contiguous row-major typed arrays, writing into arrays it is given (it never allocates a result).
 *
 * Conventions every kernel keeps (so that any backend agrees with the CPU one):
 * - `out` arrays are never aliased with inputs unless the kernel says so; output arrays that a
 *   kernel only partly writes (`indexAdd`, `scatterAdd`, `addToSlice`, `nllBackward`) arrive
 *   zero-filled or holding values to accumulate into.
 * - float32 arithmetic is done in double and rounded once on store, unless noted.
 * - Indices are validated by the caller (in range, int32).
 * - The small, hot kernels take positional arguments; the fused loss and optimizer kernels, which
 *   run once per loss or parameter, take one arguments object with named fields.
 */
import type { DType, FloatArray, TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import type {
  AdagradUpdateArgs, AdamUpdateArgs, BceBackwardArgs, BceForwardArgs, BceWithLogitsBackwardArgs, BceWithLogitsForwardArgs,
  ClassLossSums, CrossEntropyBackwardArgs, CrossEntropyForwardArgs, LinearBceWithLogitsArgs, LinearBceWithLogitsSums,
  MseBackwardArgs, MseForwardArgs, NllBackwardArgs, NllForwardArgs, RmspropUpdateArgs, SgdUpdateArgs,
  SoftCrossEntropyBackwardArgs, SoftCrossEntropyForwardArgs,
} from './kernel-args.js';

// The fused kernels' argument and result types live in kernel-args.ts.
export type * from './kernel-args.js';

/** The elementwise functions of the `unary` kernel. */
export type UnaryKernel =
  | 'neg' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'sign'
  | 'sigmoid' | 'logSigmoid' | 'tanh' | 'relu' | 'softplus';

/** The broadcasting functions of the `binary` kernel (arithmetic and comparisons). */
export type BinaryKernel =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** The activations whose gradient the `unaryGrad` kernel computes in one pass. */
export type UnaryGradKernel = 'tanh' | 'sigmoid' | 'relu';

/** The reductions of the `reduce` kernel. */
export type ReduceKernel = 'sum' | 'max' | 'min';

/** Every kernel by name. A backend provides any subset; the CPU backend provides all. */
export interface Kernels {
  /**
   * Storage for a tensor: a zero-filled typed array of `dtype` and length `size` (Float32Array,
   * Float64Array, Int32Array, or Uint8Array of 0/1 for bool).
   */
  allocate(dtype: DType, size: number): TypedArray;
  /**
   * Says that `data` will be read by many kernels and will not change until the returned
   * `release` is called (a training loop's data set), so that the backend may keep a copy where
   * its kernels read fastest (WebAssembly memory) instead of copying it in for every kernel.
   * Holds nest; each `release` ends one. The CPU backend keeps nothing: it reads `data` in place.
   */
  hold(data: TypedArray): () => void;
  /** out[i] = x[i] converted to out's type: int32 truncates toward zero, bool is x ≠ 0 (NaN true), floats take the value; same types copy. */
  cast(x: TypedArray, out: TypedArray): void;

  /** Whether every element of x is finite (no NaN, no ±Infinity); true for int32 and bool. */
  allFinite(x: TypedArray): boolean;
  /** out[i] = op(x[i]). `x` and `out` have the same dtype and length. */
  unary(op: UnaryKernel, x: TypedArray, out: TypedArray): void;
  /**
   * gradIn[i] = gradOut[i]·op′, from the tensor the op saved: its output y for tanh (1 − y²) and
   * sigmoid ((1 − y)·y), its input x for relu (1 where x > 0, else 0). Same dtype and length.
   * Unlike other kernels, float32 is rounded after each step, as the ops that compute the
   * gradient under createGraph round: the two give the same bits.
   */
  unaryGrad(op: UnaryGradKernel, gradOut: FloatArray, saved: FloatArray, gradIn: FloatArray): void;
  /** out = op(a, b) with NumPy broadcasting of `aShape` and `bShape` to `outShape`. */
  binary(op: BinaryKernel, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /** out[i] = min(max(x[i], lo), hi), NaN propagating; a missing bound is ±Infinity. */
  clamp(x: TypedArray, lo: number, hi: number, out: TypedArray): void;
  /** out = cond ≠ 0 ? a : b, all three broadcast to `outShape`. */
  where(cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /** Reduces over the sorted `axes`; `out` holds the kept axes in order. Sums accumulate in double; NaN wins max/min. */
  reduce(op: ReduceKernel, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void;
  /**
   * C[m×n] = A[m×k]·B[k×n], overwriting C. A(i, p) = a[aOff + i·aRowStride + p·aColStride],
   * B(p, j) = b[bOff + p·bRowStride + j·bColStride], C contiguous at c[cOff + i·n + j].
   */
  gemm(
    m: number, n: number, k: number,
    a: FloatArray, aOff: number, aRowStride: number, aColStride: number,
    b: FloatArray, bOff: number, bRowStride: number, bColStride: number,
    c: FloatArray, cOff: number,
  ): void;
  /** out (shape = `shape` permuted by `perm`) = x with its axes permuted. */
  transpose(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void;
  /** out (shape `outShape`) = x[starts[0] : starts[0] + outShape[0], …]. */
  slice(x: TypedArray, shape: Shape, starts: readonly number[], outShape: Shape, out: TypedArray): void;
  /** dst[starts…] += src (the adjoint of slice; concat assembles with it). */
  addToSlice(dst: TypedArray, dstShape: Shape, starts: readonly number[], src: TypedArray, srcShape: Shape): void;
  /** torch.gather: out (shape `indexShape`) = x at `index` along `axis`. */
  gather(x: TypedArray, shape: Shape, index: Int32Array, indexShape: Shape, axis: number, out: TypedArray): void;
  /** The adjoint of gather: out[… index …] += src (repeated indices accumulate). */
  scatterAdd(out: TypedArray, outShape: Shape, index: Int32Array, indexShape: Shape, axis: number, src: TypedArray): void;
  /** torch.index_select: out (shape with shape[axis] → index.length) takes whole slices `index[i]` along `axis`. */
  indexSelect(x: TypedArray, shape: Shape, index: Int32Array, axis: number, out: TypedArray): void;
  /** The adjoint of indexSelect (torch.index_add_): out[…, index[i], …] += src[…, i, …]. */
  indexAdd(out: TypedArray, outShape: Shape, index: Int32Array, axis: number, src: TypedArray): void;
  /** out[i·cols + j] += bias[j] for every row i (a linear layer's bias), in place. */
  biasAdd(out: FloatArray, rows: number, cols: number, bias: FloatArray): void;
  /** out[j] = Σ_i x[i·cols + j] (a bias gradient), accumulated in double. */
  columnSum(x: FloatArray, rows: number, cols: number, out: FloatArray): void;

  /** Binary cross-entropy of probabilities, each log clamped at −100 (PyTorch); returns Σ losses. */
  bceForward(args: BceForwardArgs): number;
  /** The gradients of `bceForward`. */
  bceBackward(args: BceBackwardArgs): void;
  /** Binary cross-entropy of logits, the stable form; returns Σ losses. */
  bceWithLogitsForward(args: BceWithLogitsForwardArgs): number;
  /** The gradients of `bceWithLogitsForward`. */
  bceWithLogitsBackward(args: BceWithLogitsBackwardArgs): void;
  /**
   * A binary logistic model's summed loss, and its gradient when `gradWeight` is given, in one
   * pass over the rows of x (a full batch is read once per step instead of twice).
   */
  linearBceWithLogits(args: LinearBceWithLogitsArgs): LinearBceWithLogitsSums;
  /** Squared error; returns Σ losses. */
  mseForward(args: MseForwardArgs): number;
  /** The gradients of `mseForward`. */
  mseBackward(args: MseBackwardArgs): void;
  /** Fused log-softmax + NLL over class axis 1 with class-index targets (and label smoothing). */
  crossEntropyForward(args: CrossEntropyForwardArgs): ClassLossSums;
  /** The input gradient of `crossEntropyForward`, from the statistics it left. */
  crossEntropyBackward(args: CrossEntropyBackwardArgs): void;
  /** Cross-entropy against class probabilities; returns Σ losses. */
  softCrossEntropyForward(args: SoftCrossEntropyForwardArgs): number;
  /** The gradients of `softCrossEntropyForward`. */
  softCrossEntropyBackward(args: SoftCrossEntropyBackwardArgs): void;
  /** Negative log-likelihood of log-probabilities. */
  nllForward(args: NllForwardArgs): ClassLossSums;
  /** The input gradient of `nllForward`. */
  nllBackward(args: NllBackwardArgs): void;

  /** Σ a[i]·b[i], summed in order in double. */
  dot(a: FloatArray, b: FloatArray): number;
  /** y[i] ← y[i] + alpha·x[i] over y's length, in place. */
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;
  /** x[i] ← x[i]·alpha, in place. */
  scale(alpha: number, x: FloatArray): void;

  /** One SGD step for one parameter, in place (torch.optim.SGD, single-tensor path). */
  sgdUpdate(args: SgdUpdateArgs): void;
  /** One Adam or AdamW step for one parameter, in place. */
  adamUpdate(args: AdamUpdateArgs): void;
  /** One RMSprop step for one parameter, in place. */
  rmspropUpdate(args: RmspropUpdateArgs): void;
  /** One Adagrad step for one parameter, in place. */
  adagradUpdate(args: AdagradUpdateArgs): void;
}

/** The name of one of core's kernels. */
export type KernelName = keyof Kernels;
