/** Adagrad with learning-rate decay and an initial accumulator (torch/optim/adagrad.py, single-tensor path). */
import { type FloatArray, backend } from '@entropic/core';
import { ElementwiseOptimizer, type FieldKind, zerosLike } from './elementwise.js';
import type { OptionSchemaOf, ParamGroup, Params } from './optimizer.js';
import { flag, lrRule, nonNegative } from './validate.js';

/** Options of {@link Adagrad} (PyTorch's names in camelCase; defaults in the class description). */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** The step-t learning rate is lr / (1 + (t − 1)·lrDecay). */
  lrDecay: number;
  /** L2 penalty: `weightDecay·θ` is added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients. */
  initialAccumulatorValue: number;
  /** Added after the square root. */
  eps: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link Adagrad}, as saved by `stateDict()`. */
export interface AdagradState {
  [field: string]: number | FloatArray;
  /** Steps taken by this parameter. */
  step: number;
  /** Σ g², started at `initialAccumulatorValue`. */
  sum: FloatArray;
}

/**
 * A fresh {@link AdagradState} for a parameter: step 0, the accumulator filled with `initialAccumulatorValue`.
 */
export function adagradState(param: FloatArray, initialAccumulatorValue: number): AdagradState {
  return { step: 0, sum: zerosLike(param).fill(initialAccumulatorValue) };
}

/** One Adagrad step in place: S ← S + g²;  θ ← θ − (η / (1 + (t − 1)·decay))·g / (√S + ε). */
export function adagrad(param: FloatArray, grad: FloatArray, state: AdagradState, o: AdagradOptions): void {
  const { lr, lrDecay, eps, weightDecay, maximize } = o;
  state.step += 1;
  backend().adagradUpdate({ param, grad, sum: state.sum, step: state.step, lr, lrDecay, eps, weightDecay, maximize });
}

export const adagradSchema: OptionSchemaOf<AdagradOptions> = {
  lr: lrRule({ default: 1e-2 }), lrDecay: nonNegative(0), weightDecay: nonNegative(0), initialAccumulatorValue: nonNegative(0),
  eps: nonNegative(1e-10), maximize: flag(false),
};

/** `torch.optim.Adagrad`: `new Adagrad(params, { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 })`. */
export class Adagrad extends ElementwiseOptimizer<AdagradOptions, AdagradState> {
  protected readonly fields: { readonly [K in keyof AdagradState]: FieldKind } = { step: 'count', sum: 'buffer' };

  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, options, { schema: adagradSchema });
  }

  protected initState(param: FloatArray, group: ParamGroup<AdagradOptions>): AdagradState {
    return adagradState(param, group.initialAccumulatorValue);
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdagradState, group: ParamGroup<AdagradOptions>): void {
    adagrad(param, grad, state, group);
  }
}
