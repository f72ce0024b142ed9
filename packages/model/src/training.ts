/**
 * Pieces shared by every training loop: resolving a loss or an optimizer from what the caller
 * gave, the per-epoch callback contract, and the guard that keeps the last finite parameters.
 */
import { type Tensor, shapeToString } from '@entropic/core';
import { getLoss } from '@entropic/loss';
import { Adagrad, Adam, AdamW, GradientDescent, Optimizer, RMSprop, SGD } from '@entropic/optim';

/** A loss as @entropic/loss defines them: `(input, target, opts?) → Tensor`. */
export type LossFn = (input: Tensor, target: Tensor, opts?: never) => Tensor;

/** A loss function, or the name it is registered under in @entropic/loss (`'crossEntropy'`). */
export type LossSpec = LossFn | string;

/** Any optimizer of @entropic/optim (or a subclass of its `Optimizer`). */
export type { Optimizer };

export type OptimizerName = 'sgd' | 'gd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';

/** An optimizer built on the model's parameters, a factory for one, or a name (with `lr`). */
export type OptimizerSpec = Optimizer | ((params: Tensor[]) => Optimizer) | OptimizerName;

export function resolveLoss(fn: string, spec: LossSpec): LossFn {
  if (typeof spec === 'function') return spec;
  if (typeof spec === 'string') {
    try {
      return getLoss(spec) as LossFn;
    } catch (e) {
      throw new Error(`${fn}: unknown loss ${JSON.stringify(spec)} (${(e as Error).message})`);
    }
  }
  throw new Error(`${fn}: expected a loss function or a registered loss name, got ${spec === null ? 'null' : typeof spec}`);
}

export function resolveOptimizer(fn: string, spec: OptimizerSpec, params: Tensor[], lr: number | undefined): Optimizer {
  if (typeof spec === 'function') return spec(params);
  if (spec instanceof Optimizer) {
    if (lr !== undefined) spec.lr = lr;
    return spec;
  }
  const rate = (fallback: number) => lr ?? fallback;
  switch (spec) {
    case 'sgd': return new SGD(params, { lr: rate(0.01) });
    case 'gd': return new GradientDescent(params, { lr: rate(0.1) });
    case 'adam': return new Adam(params, { lr: rate(1e-3) });
    case 'adamw': return new AdamW(params, { lr: rate(1e-3) });
    case 'rmsprop': return new RMSprop(params, { lr: rate(1e-2) });
    case 'adagrad': return new Adagrad(params, { lr: rate(1e-2) });
    default:
      throw new Error(`${fn}: expected an optimizer, a factory (params) => optimizer, or one of 'sgd', 'gd', 'adam', 'adamw', 'rmsprop', 'adagrad', got ${JSON.stringify(spec)}`);
  }
}

/** What `onEpoch` receives after every epoch (an iteration, for full-batch solvers). */
export interface EpochInfo {
  /** 0-based. */
  epoch: number;
  /** Epochs (iterations) planned: `epochs` or `maxIter`, for a progress bar. */
  totalEpochs: number;
  /** Mean training objective over the epoch's batches. */
  loss: number;
  /** Present when validation data was given. */
  valLoss?: number;
  valAccuracy?: number;
  /** Max-abs gradient of the objective (full-batch solvers only). */
  gradMaxAbs?: number;
  /** Learning rate used in this epoch. */
  lr: number;
  /** Milliseconds since `fit` began. */
  elapsedMs: number;
}

/**
 * Called after each epoch; returning `false` stops training (the parameters are kept). Any
 * other return value (including none) continues.
 */
export type OnEpoch = (info: EpochInfo) => unknown;

/**
 * Copies of the parameters taken when they last gave a finite loss. Buffers are allocated
 * once, so saving costs one memcpy per step and no garbage.
 */
export class FiniteGuard {
  private readonly saved: (Float32Array | Float64Array)[];
  private where = '';

  constructor(private readonly fn: string, private readonly params: readonly Tensor[]) {
    this.saved = params.map((p) => p.data.slice() as Float32Array | Float64Array);
  }

  /** Records the current parameters as finite, with the place they were seen (`epoch 3, batch 7`). */
  save(where: string): void {
    for (let i = 0; i < this.params.length; i++) this.saved[i]!.set(this.params[i]!.data);
    this.where = where;
  }

  /** Whether the parameters still equal the saved copy exactly. */
  unchanged(): boolean {
    for (let i = 0; i < this.params.length; i++) {
      const d = this.params[i]!.data;
      const c = this.saved[i]!;
      for (let j = 0; j < d.length; j++) if (d[j] !== c[j]) return false;
    }
    return true;
  }

  restore(): void {
    for (let i = 0; i < this.params.length; i++) this.params[i]!.data.set(this.saved[i]!);
  }

  /** Throws (after restoring) when `loss` is not finite. */
  checkLoss(loss: number, where: string): void {
    if (Number.isFinite(loss)) return;
    this.restore();
    throw new Error(`${this.fn}: non-finite loss (${loss}) at ${where}; training stopped and the parameters restored to their last finite values${this.where ? ` (from ${this.where})` : ''}. Lower the learning rate or check the data.`);
  }

  /** Throws (after restoring) when a parameter holds NaN or ±Infinity after a step. */
  checkParameters(where: string): void {
    for (let i = 0; i < this.params.length; i++) {
      const d = this.params[i]!.data;
      for (let j = 0; j < d.length; j++) {
        if (!Number.isFinite(d[j]!)) {
          const shape = shapeToString(this.params[i]!.shape);
          this.restore();
          throw new Error(`${this.fn}: parameter ${i} (shape ${shape}) became ${d[j]} at ${where}; training stopped and the parameters restored to their last finite values${this.where ? ` (from ${this.where})` : ''}. Lower the learning rate.`);
        }
      }
    }
  }

  /** Runs an optimizer step; on any error the parameters go back to the saved ones. */
  step(where: string, run: () => void): void {
    try {
      run();
    } catch (e) {
      this.restore();
      // The guard's own errors (a non-finite loss inside a line search) already say where.
      if ((e as Error).message.startsWith(`${this.fn}: `)) throw e;
      throw new Error(`${this.fn}: optimizer step failed at ${where}: ${(e as Error).message}`);
    }
    this.checkParameters(where);
  }
}

/** Largest |gradient| over the parameters (0 for a null gradient). */
export function gradMaxAbs(params: readonly Tensor[]): number {
  let m = 0;
  for (const p of params) {
    const g = p.grad?.data;
    if (g === undefined) continue;
    for (let i = 0; i < g.length; i++) {
      const a = Math.abs(g[i]!);
      // NaN must not compare as "small": it would stop a solver as converged.
      if (Number.isNaN(a)) return a;
      if (a > m) m = a;
    }
  }
  return m;
}

/** Milliseconds from a monotonic clock where there is one (browsers, Node), else the wall clock. */
export function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf !== undefined ? perf.now() : Date.now();
}
