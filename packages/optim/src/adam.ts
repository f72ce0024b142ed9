/**
 * Adam with AMSGrad (torch/optim/adam.py) and AdamW, Adam with decoupled weight decay
 * (torch/optim/adamw.py); PyTorch 1.13's single-tensor code paths.
 */
import { type FloatArray, backend, opt } from '@entropic/core';
import { ElementwiseOptimizer, type FieldKind, zerosLike } from './elementwise.js';
import type { OptionSchemaOf, ParamGroup, Params } from './optimizer.js';
import { flag, isDecayRate, lrRule, nonNegative } from './validate.js';

/** Options of {@link Adam} and {@link AdamW} (defaults in the class descriptions). */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moment averages, each in [0, 1). */
  betas: [number, number];
  /** Added to the denominator after the square root. */
  eps: number;
  /** Adam: L2 penalty added to the gradient. AdamW: decoupled decay θ ← θ(1 − η·wd). */
  weightDecay: number;
  /** Use AMSGrad: divide by the running maximum of the second moment (default false). */
  amsgrad: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link Adam} and {@link AdamW}, as saved by `stateDict()`. */
export interface AdamState {
  [field: string]: number | FloatArray | null;
  /** Steps taken by this parameter (bias correction uses it). */
  step: number;
  /** Running average of the gradient (first moment). */
  expAvg: FloatArray;
  /** Running average of the squared gradient (second moment). */
  expAvgSq: FloatArray;
  /** AMSGrad's running maximum of `expAvgSq`; null without AMSGrad. */
  maxExpAvgSq: FloatArray | null;
}

/**
 * A fresh {@link AdamState} for a parameter: step 0, zero moments (and a zero running maximum with AMSGrad).
 */
export function adamState(param: FloatArray, amsgrad: boolean): AdamState {
  return { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param), maxExpAvgSq: amsgrad ? zerosLike(param) : null };
}

/**
 * One Adam (or, with `decoupled`, AdamW) step on `param` in place, updating `state`:
 *   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − (η / (1 − β₁ᵗ))·m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * with v̂ = v, or max(v̂, v) under AMSGrad. The operations follow PyTorch's order (ε after the
 * division by √(1 − β₂ᵗ), not inside it) so float64 results agree to the last bits.
 */
export function adam(param: FloatArray, grad: FloatArray, state: AdamState, o: AdamOptions, decoupled = false): void {
  const { lr, eps, weightDecay, amsgrad, maximize } = o;
  const [beta1, beta2] = o.betas;
  state.step += 1;
  if (amsgrad && state.maxExpAvgSq === null) {
    state.maxExpAvgSq = zerosLike(param); // amsgrad switched on after the first steps (e.g. by loadStateDict)
  }
  backend().adamUpdate({
    param, grad, expAvg: state.expAvg, expAvgSq: state.expAvgSq, maxExpAvgSq: state.maxExpAvgSq, step: state.step,
    lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled,
  });
}

/** AdamW: Adam with decoupled weight decay, θ ← θ(1 − η·wd) before the Adam update. */
export function adamw(param: FloatArray, grad: FloatArray, state: AdamState, o: AdamOptions): void {
  adam(param, grad, state, o, true);
}

function isBetas(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && isDecayRate(v[0]) && isDecayRate(v[1]);
}

/** Adam's and AdamW's options (they differ only in the default weight decay). */
export function adamSchema(weightDecay: number): OptionSchemaOf<AdamOptions> {
  return {
    lr: lrRule({ default: 1e-3 }),
    betas: opt.custom('a pair [beta1, beta2] of numbers in [0, 1)', isBetas, { default: [0.9, 0.999] }),
    eps: nonNegative(1e-8),
    weightDecay: nonNegative(weightDecay),
    amsgrad: flag(false),
    maximize: flag(false),
  };
}

const adamFields: { readonly [K in keyof AdamState]: FieldKind } = {
  step: 'count', expAvg: 'buffer', expAvgSq: 'buffer', maxExpAvgSq: 'buffer?',
};

/** `torch.optim.Adam`: `new Adam(params, { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false })`. */
export class Adam extends ElementwiseOptimizer<AdamOptions, AdamState> {
  protected readonly fields = adamFields;

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', params, options, { schema: adamSchema(0) });
  }

  protected initState(param: FloatArray, group: ParamGroup<AdamOptions>): AdamState {
    return adamState(param, group.amsgrad);
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdamState, group: ParamGroup<AdamOptions>): void {
    adam(param, grad, state, group);
  }
}

/** `torch.optim.AdamW`: as Adam, with decoupled weight decay and `weightDecay = 1e-2` by default. */
export class AdamW extends ElementwiseOptimizer<AdamOptions, AdamState> {
  protected readonly fields = adamFields;

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', params, options, { schema: adamSchema(1e-2) });
  }

  protected initState(param: FloatArray, group: ParamGroup<AdamOptions>): AdamState {
    return adamState(param, group.amsgrad);
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdamState, group: ParamGroup<AdamOptions>): void {
    adamw(param, grad, state, group);
  }
}
