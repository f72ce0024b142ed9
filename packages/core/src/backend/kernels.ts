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

// ---------------------------------------------------------------- fused losses

/**
 * The gradient arriving at a loss: one value per output element in `gradOut` (reduction
 * `'none'`), or, when `gradOut` is null, the same `gradScale` for every element (the upstream
 * scalar times 1/count for `'mean'`).
 */
export interface LossGrad {
  /** The upstream gradient, one value per output element (reduction `'none'`), or null. */
  gradOut: TypedArray | null;
  /**
   * The upstream gradient for every element when `gradOut` is null (the upstream scalar, divided by the count for `'mean'`).
   */
  gradScale: number;
}

/** Elementwise losses: `input`, `target` (and `weight`, when given) have the same length. */
export interface PairLossArgs {
  /** The input values (probabilities for BCE, logits for BCE with logits), flat. */
  input: FloatArray;
  /** The targets, same length as the input. */
  target: TypedArray;
  /** Per-element weight, already broadcast to the input's length; null = 1. */
  weight: TypedArray | null;
}

export interface BceForwardArgs extends PairLossArgs {
  /** Per-element losses are written here for reduction `'none'`; null otherwise. */
  out: FloatArray | null;
}

export interface BceBackwardArgs extends PairLossArgs, LossGrad {
  /** d loss / d input, or null when not needed; likewise for the target. */
  gradInput: FloatArray | null;
  /** Receives d loss / d target, or null when not needed. */
  gradTarget: FloatArray | null;
}

export interface BceWithLogitsForwardArgs extends BceForwardArgs {
  /** Weight of the positive term, broadcast to the input's length; null = 1. */
  posWeight: TypedArray | null;
  /** Receives exp(−|input[i]|) for the backward pass when given (the input's dtype). */
  cache: FloatArray | null;
}

export interface BceWithLogitsBackwardArgs extends BceBackwardArgs {
  /** Weight of the positive term, broadcast to the input's length; null = 1. */
  posWeight: TypedArray | null;
  /** What the forward pass wrote into its `cache`. */
  cache: FloatArray;
}

/**
 * Arguments of `linearBceWithLogits`: a binary logistic model z = x·w + b on rows of x, its
 * binary cross-entropy against `target`, and the gradient of the summed loss.
 */
export interface LinearBceWithLogitsArgs {
  /** The features, row-major [rows, cols]. */
  x: FloatArray;
  /** Rows of x (samples). */
  rows: number;
  /** Columns of x (features). */
  cols: number;
  /** The coefficients [cols], x's dtype. */
  weight: FloatArray;
  /** The intercept. */
  bias: number;
  /** The targets in [0, 1], [rows]. */
  target: FloatArray;
  /** Per-row weights [rows], or null for 1. */
  sampleWeight: FloatArray | null;
  /** Receives Σ_i s_i·(σ(z_i) − y_i)·x_i [cols] (summed in double), or null for the loss alone. */
  gradWeight: FloatArray | null;
}

/** What `linearBceWithLogits` returns. */
export interface LinearBceWithLogitsSums {
  /** Σ_i s_i·loss_i. */
  loss: number;
  /** Σ_i s_i·(σ(z_i) − y_i) (0 when no gradient was asked for). */
  gradBias: number;
}

/** Arguments of `mseForward`: squared error between input and target, same length. */
export interface MseForwardArgs {
  /** The predictions. */
  input: FloatArray;
  /** The targets, same length as the input. */
  target: TypedArray;
  /** Per-element losses are written here for reduction `'none'`; null otherwise. */
  out: FloatArray | null;
}

/** Arguments of `mseBackward`. */
export interface MseBackwardArgs extends LossGrad {
  /** The predictions. */
  input: FloatArray;
  /** The targets, same length as the input. */
  target: TypedArray;
  /** Receives d loss / d input, or null when not needed. */
  gradInput: FloatArray | null;
  /** Receives d loss / d target, or null when not needed. */
  gradTarget: FloatArray | null;
}

/**
 * Losses over a class axis: input `[n, c, d]` flattened (element (i, k, j) at i·c·d + k·d + j;
 * `d` is the product of the trailing dimensions, 1 for `[n, c]`); `n·d` positions.
 */
export interface ClassLossArgs {
  /** The batch size (first dimension). */
  n: number;
  /** The number of classes (the class axis, dimension 1). */
  c: number;
  /** The product of the dimensions after the class axis (1 for an `[n, c]` input). */
  d: number;
  /** Per-class weight, length c; null = 1. */
  weight: TypedArray | null;
}

/**
 * What the softmax pass of a cross-entropy forward leaves for the backward, per position: the
 * max over classes, Σ_{k ≠ argmax} exp(x_k − max) (`rest`: Σ exp = 1 + rest, kept split so that
 * 1 − p_max stays exact) and the argmax; and exp(x − max) per element (the input's layout and
 * dtype) when a gradient will be needed.
 */
export interface SoftmaxStats {
  /** The largest input over the classes, per position. */
  max: Float64Array;
  /** Σ over the other classes of exp(x − max), per position (Σ exp = 1 + rest). */
  rest: Float64Array;
  /** The class of the largest input, per position. */
  argmax: Int32Array;
  /** exp(x − max) per element (the input's layout and dtype), when a gradient will be needed; else null. */
  exp: FloatArray | null;
}

export interface CrossEntropyForwardArgs extends ClassLossArgs {
  /** The logits, `[n, c, d]` flattened. */
  input: FloatArray;
  /** Class index per position (n·d); positions equal to `ignoreIndex` count nothing. */
  target: Int32Array;
  /** Target value that marks a position as ignored. */
  ignoreIndex: number;
  /** Label smoothing ε in [0, 1]. */
  smoothing: number;
  /** Filled by the kernel. */
  stats: SoftmaxStats;
  /** Per-position losses for `'none'`; null otherwise. */
  out: FloatArray | null;
}

export interface CrossEntropyBackwardArgs extends ClassLossArgs, LossGrad {
  /** Class index per position (n·d). */
  target: Int32Array;
  /** Target value that marks a position as ignored. */
  ignoreIndex: number;
  /** Label smoothing ε in [0, 1]. */
  smoothing: number;
  /** As the forward pass filled them (`exp` non-null). */
  stats: SoftmaxStats;
  /** Zero-filled; ignored positions stay zero. */
  gradInput: FloatArray;
}

export interface SoftCrossEntropyForwardArgs extends ClassLossArgs {
  /** The logits, `[n, c, d]` flattened. */
  input: FloatArray;
  /** Class probabilities in the input's layout. */
  target: TypedArray;
  /** Label smoothing ε in [0, 1]. */
  smoothing: number;
  /** The softmax statistics of the forward pass. */
  stats: SoftmaxStats;
  /** Per-position losses for `'none'`; null otherwise. */
  out: FloatArray | null;
}

export interface SoftCrossEntropyBackwardArgs extends ClassLossArgs, LossGrad {
  /** The logits, `[n, c, d]` flattened. */
  input: FloatArray;
  /** Class probabilities in the input's layout. */
  target: TypedArray;
  /** Label smoothing ε in [0, 1]. */
  smoothing: number;
  /** As the forward pass filled them (`exp` non-null when `gradInput` is). */
  stats: SoftmaxStats;
  /** Receives d loss / d input, or null when not needed. */
  gradInput: FloatArray | null;
  /** Receives d loss / d target, or null when not needed. */
  gradTarget: FloatArray | null;
}

export interface NllForwardArgs extends ClassLossArgs {
  /** The log-probabilities, `[n, c, d]` flattened. */
  input: FloatArray;
  /** Class index per position (n·d). */
  target: Int32Array;
  /** Target value that marks a position as ignored. */
  ignoreIndex: number;
  /** Per-position losses for `'none'`; null otherwise. */
  out: FloatArray | null;
}

export interface NllBackwardArgs extends ClassLossArgs, LossGrad {
  /** Class index per position (n·d). */
  target: Int32Array;
  /** Target value that marks a position as ignored. */
  ignoreIndex: number;
  /** Zero-filled; only the target entries are written. */
  gradInput: FloatArray;
}

/** The sums a class-index loss is reduced with: Σ losses and Σ weights of the counted targets. */
export interface ClassLossSums {
  /** Σ of the per-position losses. */
  sum: number;
  /** Σ of the weights of the counted (non-ignored) targets: the divisor of `'mean'`. */
  weightSum: number;
}

// ---------------------------------------------------------------- optimizer updates

/** Every update changes `param` (and its state buffers) in place from `grad`, elementwise. */
export interface UpdateArgs {
  /** The parameter values, updated in place. */
  param: FloatArray;
  /** The parameter's gradient. */
  grad: FloatArray;
  /** The learning rate of this step. */
  lr: number;
  /** L2 penalty coefficient (added to the gradient; decoupled for AdamW). */
  weightDecay: number;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

/** torch.optim.SGD's single-tensor step. `momentumBuffer` is null exactly when momentum is 0. */
export interface SgdUpdateArgs extends UpdateArgs {
  /** The momentum buffer, updated in place (null when momentum is 0). */
  momentumBuffer: FloatArray | null;
  /** The buffer's first step: it is set to the gradient, without dampening. */
  firstStep: boolean;
  /** Momentum factor. */
  momentum: number;
  /** Dampening of the momentum (not applied on the buffer's first step). */
  dampening: number;
  /** Use Nesterov momentum. */
  nesterov: boolean;
}

/** torch.optim.Adam / AdamW (`decoupled`) single-tensor step; `step` is t after incrementing (≥ 1). */
export interface AdamUpdateArgs extends UpdateArgs {
  /** First-moment running average, updated in place. */
  expAvg: FloatArray;
  /** Second-moment running average, updated in place. */
  expAvgSq: FloatArray;
  /** AMSGrad's running maximum (non-null when `amsgrad`). */
  maxExpAvgSq: FloatArray | null;
  /** The step count t after incrementing (≥ 1). */
  step: number;
  /** Decay rate of the first moment. */
  beta1: number;
  /** Decay rate of the second moment. */
  beta2: number;
  /** Added to the denominator for numerical stability. */
  eps: number;
  /** Use the AMSGrad variant (the running maximum of the second moment). */
  amsgrad: boolean;
  /** AdamW: decay the weights directly (`p ← p(1 − lr·wd)`) instead of adding to the gradient. */
  decoupled: boolean;
}

export interface RmspropUpdateArgs extends UpdateArgs {
  /** Running average of the squared gradient, updated in place. */
  squareAvg: FloatArray;
  /** Non-null when `centered`. */
  gradAvg: FloatArray | null;
  /** Non-null when momentum > 0. */
  momentumBuffer: FloatArray | null;
  /** Smoothing constant of the squared-gradient average. */
  alpha: number;
  /** Added to the denominator for numerical stability. */
  eps: number;
  /** Momentum factor. */
  momentum: number;
  /** Normalize by the estimated variance of the gradient (the centered variant). */
  centered: boolean;
}

/** `step` is t after incrementing (≥ 1). */
export interface AdagradUpdateArgs extends UpdateArgs {
  /** Running sum of squared gradients, updated in place. */
  sum: FloatArray;
  /** The step count t after incrementing (≥ 1). */
  step: number;
  /** Learning-rate decay: step t uses lr / (1 + (t − 1)·lrDecay). */
  lrDecay: number;
  /** Added to the denominator for numerical stability. */
  eps: number;
}

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
