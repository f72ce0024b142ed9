/** Adagrad with learning-rate decay and an initial accumulator (torch/optim/adagrad.py, single-tensor path). */
import { type FloatArray, backend } from '@entropic/core';
import { ElementwiseOptimizer, type FieldKind, zerosLike } from './elementwise.js';
import type { ParamGroup, Params } from './optimizer.js';
import { checkBoolean, checkLr, checkNonNegative } from './validate.js';

export interface AdagradOptions {
  lr: number;
  /** The step-t learning rate is lr / (1 + (t − 1)·lrDecay). */
  lrDecay: number;
  weightDecay: number;
  /** Starting value of the sum of squared gradients. */
  initialAccumulatorValue: number;
  /** Added after the square root. */
  eps: number;
  maximize: boolean;
}

export interface AdagradState {
  [field: string]: number | FloatArray;
  step: number;
  /** Σ g², started at `initialAccumulatorValue`. */
  sum: FloatArray;
}

export function adagradState(param: FloatArray, initialAccumulatorValue: number): AdagradState {
  return { step: 0, sum: zerosLike(param).fill(initialAccumulatorValue) };
}

/** One Adagrad step in place: S ← S + g²;  θ ← θ − (η / (1 + (t − 1)·decay))·g / (√S + ε). */
export function adagrad(param: FloatArray, grad: FloatArray, state: AdagradState, o: AdagradOptions): void {
  const { lr, lrDecay, eps, weightDecay, maximize } = o;
  state.step += 1;
  backend().adagradUpdate({ param, grad, sum: state.sum, step: state.step, lr, lrDecay, eps, weightDecay, maximize });
}

export function checkAdagradOptions(fn: string, o: AdagradOptions): void {
  checkLr(fn, o.lr);
  checkNonNegative(fn, 'lrDecay', o.lrDecay);
  checkNonNegative(fn, 'weightDecay', o.weightDecay);
  checkNonNegative(fn, 'initialAccumulatorValue', o.initialAccumulatorValue);
  checkNonNegative(fn, 'eps', o.eps);
  checkBoolean(fn, 'maximize', o.maximize);
}

/** `torch.optim.Adagrad`: `new Adagrad(params, { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 })`. */
export class Adagrad extends ElementwiseOptimizer<AdagradOptions, AdagradState> {
  protected readonly fields: { readonly [K in keyof AdagradState]: FieldKind } = { step: 'count', sum: 'buffer' };

  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, options, {
      defaults: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
      check: checkAdagradOptions,
    });
  }

  protected initState(param: FloatArray, group: ParamGroup<AdagradOptions>): AdagradState {
    return adagradState(param, group.initialAccumulatorValue);
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdagradState, group: ParamGroup<AdagradOptions>): void {
    adagrad(param, grad, state, group);
  }
}
