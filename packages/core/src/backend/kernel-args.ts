/**
 * The argument and result types of the fused kernels (losses and optimizer updates); the kernels
 * themselves are listed in kernels.ts. Arrays are the tensors' storage, written in place.
 */
import type { FloatArray, TypedArray } from '../dtype.js';

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
