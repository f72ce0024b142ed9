/** RMSprop, centered and with momentum (torch/optim/rmsprop.py, single-tensor path). */
import { type FloatArray, backend } from '@entropic/core';
import { ElementwiseOptimizer, type FieldKind, zerosLike } from './elementwise.js';
import type { OptionSchemaOf, ParamGroup, Params } from './optimizer.js';
import { flag, lrRule, nonNegative } from './validate.js';

/** Options of {@link RMSprop} (defaults in the class description). */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average. */
  alpha: number;
  /** Added after the square root. */
  eps: number;
  /** L2 penalty: `weightDecay·θ` is added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0: no momentum buffer). */
  momentum: number;
  /** Normalize by the estimated variance (E[g²] − E[g]²) instead of E[g²]. */
  centered: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link RMSprop}, as saved by `stateDict()`. */
export interface RMSpropState {
  [field: string]: number | FloatArray | null;
  /** Steps taken by this parameter. */
  step: number;
  /** Running average of the squared gradient. */
  squareAvg: FloatArray;
  /** Only with momentum > 0. */
  momentumBuffer: FloatArray | null;
  /** Only when centered. */
  gradAvg: FloatArray | null;
}

/**
 * A fresh {@link RMSpropState} for a parameter: zero averages, with the momentum and gradient-average buffers only when the options need them.
 */
export function rmspropState(param: FloatArray, o: Pick<RMSpropOptions, 'momentum' | 'centered'>): RMSpropState {
  return {
    step: 0,
    squareAvg: zerosLike(param),
    momentumBuffer: o.momentum > 0 ? zerosLike(param) : null,
    gradAvg: o.centered ? zerosLike(param) : null,
  };
}

/**
 * One RMSprop step in place:
 *   s ← αs + (1 − α)g²;  ḡ ← αḡ + (1 − α)g (centered);  a ← √(s − ḡ²) or √s, then + ε;
 *   b ← μb + g/a, θ ← θ − ηb (momentum) or θ ← θ − ηg/a.
 */
export function rmsprop(param: FloatArray, grad: FloatArray, state: RMSpropState, o: RMSpropOptions): void {
  const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = o;
  state.step += 1;
  // Options may change between steps (param groups are mutable): buffers start at zero as in __init__.
  if (centered && state.gradAvg === null) state.gradAvg = zerosLike(param);
  if (momentum > 0 && state.momentumBuffer === null) state.momentumBuffer = zerosLike(param);
  backend().rmspropUpdate({
    param, grad, squareAvg: state.squareAvg, gradAvg: state.gradAvg, momentumBuffer: state.momentumBuffer,
    lr, alpha, eps, weightDecay, momentum, centered, maximize,
  });
}

export const rmspropSchema: OptionSchemaOf<RMSpropOptions> = {
  lr: lrRule({ default: 1e-2 }), alpha: nonNegative(0.99), eps: nonNegative(1e-8), weightDecay: nonNegative(0),
  momentum: nonNegative(0), centered: flag(false), maximize: flag(false),
};

/** `torch.optim.RMSprop`: `new RMSprop(params, { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false })`. */
export class RMSprop extends ElementwiseOptimizer<RMSpropOptions, RMSpropState> {
  protected readonly fields: { readonly [K in keyof RMSpropState]: FieldKind } = {
    step: 'count', squareAvg: 'buffer', momentumBuffer: 'buffer?', gradAvg: 'buffer?',
  };

  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, options, { schema: rmspropSchema });
  }

  protected initState(param: FloatArray, group: ParamGroup<RMSpropOptions>): RMSpropState {
    return rmspropState(param, group);
  }

  protected update(param: FloatArray, grad: FloatArray, state: RMSpropState, group: ParamGroup<RMSpropOptions>): void {
    rmsprop(param, grad, state, group);
  }
}
