/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay
 * (torch/optim/sgd.py, single-tensor path), and `GradientDescent`, the plain θ ← θ − η·∇J(θ).
 */
import { type FloatArray, backend } from '@entropic/core';
import { ElementwiseOptimizer, type FieldKind, zerosLike } from './elementwise.js';
import type { ParamGroup, Params } from './optimizer.js';
import { checkBoolean, checkLr, checkNonNegative } from './validate.js';

export interface SGDOptions {
  /** Learning rate (required, as in PyTorch 1.13). */
  lr: number;
  momentum: number;
  dampening: number;
  /** L2 penalty: `weightDecay·θ` is added to the gradient. */
  weightDecay: number;
  nesterov: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
}

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

export function checkSGDOptions(fn: string, o: SGDOptions): void {
  checkLr(fn, o.lr);
  checkNonNegative(fn, 'momentum', o.momentum);
  checkNonNegative(fn, 'dampening', o.dampening);
  checkNonNegative(fn, 'weightDecay', o.weightDecay);
  checkBoolean(fn, 'nesterov', o.nesterov);
  checkBoolean(fn, 'maximize', o.maximize);
  if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
    throw new Error(`${fn}: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum ${o.momentum} and dampening ${o.dampening}`);
  }
}

const sgdDefaults: { [K in keyof SGDOptions]: SGDOptions[K] | undefined } = {
  lr: undefined, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false,
};

/** `torch.optim.SGD`: `new SGD(params, { lr, momentum?, dampening?, weightDecay?, nesterov? })`. */
export class SGD extends ElementwiseOptimizer<SGDOptions, SGDState> {
  protected readonly fields: { readonly [K in keyof SGDState]: FieldKind } = { momentumBuffer: 'buffer?' };

  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super('SGD', params, options, { defaults: sgdDefaults, check: checkSGDOptions });
  }

  protected initState(): SGDState {
    return { momentumBuffer: null };
  }

  protected update(param: FloatArray, grad: FloatArray, state: SGDState, group: ParamGroup<SGDOptions>): void {
    sgd(param, grad, state, group);
  }
}

export interface GradientDescentOptions {
  /** The step size η. */
  lr: number;
}

function checkGradientDescentOptions(fn: string, o: GradientDescentOptions): void {
  checkLr(fn, o.lr);
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
    super('GradientDescent', params, options, { defaults: { lr: undefined }, check: checkGradientDescentOptions });
  }

  protected initState(): Record<string, never> {
    return {};
  }

  protected update(param: FloatArray, grad: FloatArray, _state: Record<string, never>, group: ParamGroup<GradientDescentOptions>): void {
    gradientDescent(param, grad, group.lr);
  }
}
