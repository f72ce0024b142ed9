/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay
 * (torch/optim/sgd.py, single-tensor path), and `GradientDescent`, the plain θ ← θ − η·∇J(θ).
 */
import { EntropicError, type FloatArray, backend } from '@entropic/core';
import { ElementwiseOptimizer, type FieldKind, zerosLike } from './elementwise.js';
import type { OptionSchemaOf, ParamGroup, Params } from './optimizer.js';
import { flag, lrRule, nonNegative } from './validate.js';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate (required, as in PyTorch 1.13). */
  lr: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Dampening τ of the momentum, not applied on its first step (default 0). */
  dampening: number;
  /** L2 penalty: `weightDecay·θ` is added to the gradient. */
  weightDecay: number;
  /** Use Nesterov momentum (needs momentum > 0 and no dampening; default false). */
  nesterov: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
}

/** Per-parameter state of {@link SGD}, as saved by `stateDict()`. */
export interface SGDState {
  [field: string]: FloatArray | null;
  /** Null until the first step with momentum, which sets it to the gradient itself. */
  momentumBuffer: FloatArray | null;
}

/**
 * One SGD step on `param` in place:
 *   g ← ∇ + wd·θ;  b ← g (first step) or μ·b + (1 − τ)·g;  g ← g + μ·b (Nesterov) or b;  θ ← θ − η·g.
 * Allocates the momentum buffer on its first call with momentum, nothing afterwards.
 */
export function sgd(param: FloatArray, grad: FloatArray, state: SGDState, o: SGDOptions): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = o;
  let buf: FloatArray | null = null;
  const first = momentum !== 0 && state.momentumBuffer === null;
  if (momentum !== 0) {
    buf = state.momentumBuffer ?? zerosLike(param);
    state.momentumBuffer = buf;
  }
  backend().sgdUpdate({ param, grad, momentumBuffer: buf, firstStep: first, lr, momentum, dampening, weightDecay, nesterov, maximize });
}

/** SGD's options: `lr` has no default (PyTorch 1.13 requires it). */
export const sgdSchema: OptionSchemaOf<SGDOptions> = {
  lr: lrRule(), momentum: nonNegative(0), dampening: nonNegative(0), weightDecay: nonNegative(0), nesterov: flag(false), maximize: flag(false),
};

export function checkSGDOptions(fn: string, o: SGDOptions): void {
  if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
    throw new EntropicError('OPTION', fn, `Nesterov momentum requires momentum > 0 and dampening = 0, got momentum ${o.momentum} and dampening ${o.dampening}`);
  }
}

/** `torch.optim.SGD`: `new SGD(params, { lr, momentum?, dampening?, weightDecay?, nesterov? })`. */
export class SGD extends ElementwiseOptimizer<SGDOptions, SGDState> {
  protected readonly fields: { readonly [K in keyof SGDState]: FieldKind } = { momentumBuffer: 'buffer?' };

  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super('SGD', params, options, { schema: sgdSchema, check: checkSGDOptions });
  }

  protected initState(): SGDState {
    return { momentumBuffer: null };
  }

  protected update(param: FloatArray, grad: FloatArray, state: SGDState, group: ParamGroup<SGDOptions>): void {
    sgd(param, grad, state, group);
  }
}

/** Options of {@link GradientDescent}. */
export interface GradientDescentOptions {
  /** The step size η. */
  lr: number;
}

/** θ ← θ − η·∇J(θ) in place. */
export function gradientDescent(param: FloatArray, grad: FloatArray, lr: number): void {
  backend().sgdUpdate({
    param, grad, momentumBuffer: null, firstStep: false, lr, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false,
  });
}

/**
 * Plain (full-batch) gradient descent, θ ← θ − η·∇J(θ): SGD without momentum or weight decay,
 * under the article's name.
 */
export class GradientDescent extends ElementwiseOptimizer<GradientDescentOptions, Record<string, never>> {
  protected readonly fields = {};

  constructor(params: Params<GradientDescentOptions>, options: GradientDescentOptions) {
    super('GradientDescent', params, options, { schema: { lr: lrRule() } });
  }

  protected initState(): Record<string, never> {
    return {};
  }

  protected update(param: FloatArray, grad: FloatArray, _state: Record<string, never>, group: ParamGroup<GradientDescentOptions>): void {
    gradientDescent(param, grad, group.lr);
  }
}
