/** RMSprop, centered and with momentum (torch/optim/rmsprop.py, single-tensor path). */
import type { FloatArray } from '@entropic/core';
import { ElementwiseOptimizer, type FieldKind, zerosLike } from './elementwise.js';
import type { OptionSchemaOf, ParamGroup, Params } from './optimizer.js';
import { flag, lrRule, nonNegative } from './validate.js';

export interface RMSpropOptions {
  lr: number;
  /** Smoothing constant of the squared-gradient average. */
  alpha: number;
  /** Added after the square root. */
  eps: number;
  weightDecay: number;
  momentum: number;
  /** Normalize by the estimated variance (E[g²] − E[g]²) instead of E[g²]. */
  centered: boolean;
  maximize: boolean;
}

export interface RMSpropState {
  [field: string]: number | FloatArray | null;
  step: number;
  squareAvg: FloatArray;
  /** Only with momentum > 0. */
  momentumBuffer: FloatArray | null;
  /** Only when centered. */
  gradAvg: FloatArray | null;
}

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
  const { lr, alpha, eps, weightDecay: wd, momentum, centered } = o;
  const sign = o.maximize ? -1 : 1;
  const c = 1 - alpha;
  state.step += 1;
  const sq = state.squareAvg;
  let gAvg = state.gradAvg;
  let buf = state.momentumBuffer;
  // Options may change between steps (param groups are mutable): buffers start at zero as in __init__.
  if (centered && gAvg === null) gAvg = state.gradAvg = zerosLike(param);
  if (momentum > 0 && buf === null) buf = state.momentumBuffer = zerosLike(param);
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const p = param[i]!;
    const g = wd === 0 ? sign * grad[i]! : sign * grad[i]! + wd * p;
    sq[i] = sq[i]! * alpha + c * g * g;
    let avg: number;
    if (centered) {
      gAvg![i] = gAvg![i]! * alpha + c * g;
      const ga = gAvg![i]!;
      // Trap: s − ḡ² ≥ 0 exactly, but with a near-constant gradient it can round to −1e-20, where
      // PyTorch takes √ of a negative and returns NaN forever; clamp at 0 (identical otherwise).
      const variance = sq[i]! + -ga * ga;
      avg = Math.sqrt(Math.max(variance, 0));
    } else {
      avg = Math.sqrt(sq[i]!);
    }
    avg += eps;
    if (momentum > 0) {
      buf![i] = buf![i]! * momentum + g / avg;
      param[i] = p + -lr * buf![i]!;
    } else {
      param[i] = p + (-lr * g) / avg;
    }
  }
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
