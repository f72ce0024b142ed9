/**
 * The training loop: every way Entropic trains a model — `fit`, and the estimators' solvers —
 * runs here. Each epoch visits the data in mini-batches (@entropic/data's `Batches`, one seeded
 * stream) or as one full batch; an optimizer that re-evaluates the objective (L-BFGS) gets a
 * closure; early stopping, convergence tests, validation, schedules and progress reports are
 * callbacks. A loss that turns non-finite or grows far past its start stops training with a
 * `DIVERGED` error, and any error leaves the parameters as they were before training began.
 */
import { EntropicError, Tensor, backend, indexSelect, markModified, shapeToString } from '@entropic/core';
import { batches } from '@entropic/data';
import type { Optimizer } from '@entropic/optim';
import { needsClosure, now } from './training.js';

/** Rows of the training data: features, targets and (optional) per-sample weights. */
export interface TrainingBatch {
  /** Features of the rows. */
  x: Tensor;
  /** Targets of the rows. */
  y: Tensor;
  /** Per-row weights, or null. */
  weight: Tensor | null;
}

/** What `onEpoch` receives after every epoch (an iteration, for full-batch training). */
export interface EpochInfo {
  /** 0-based. */
  epoch: number;
  /** Epochs (iterations) planned: `epochs` or `maxIter`, for a progress bar. */
  totalEpochs: number;
  /** Mean training objective over the epoch's batches (full batch: at the iteration's start). */
  loss: number;
  /** Present when validation data was given. */
  valLoss?: number;
  /** Present with validation data, for a classifier. */
  valAccuracy?: number;
  /** Max-abs gradient of the objective at the iteration's start (full-batch training only). */
  gradMaxAbs?: number;
  /** Learning rate used in this epoch. */
  lr: number;
  /** Milliseconds since training began. */
  elapsedMs: number;
}

/**
 * Called after each epoch; returning `false` stops training (the parameters are kept). Any
 * other return value (including none) continues.
 */
export type OnEpoch = (info: EpochInfo) => unknown;

/** A warning about a finished fit, as scikit-learn's `ConvergenceWarning`. */
export interface TrainingWarning {
  /** What kind of warning it is. */
  code: 'CONVERGENCE';
  /** The epoch (iteration) it concerns, 0-based. */
  epoch: number;
  /** What happened, for people. */
  message: string;
}

/** Receives each {@link TrainingWarning} as it happens. */
export type OnWarning = (warning: TrainingWarning) => void;

/** A callback's request to end training. */
export interface StopRequest {
  /** Whether the callback's convergence test was met. */
  converged: boolean;
  /** Why training stops, for `stopReason`. */
  reason: string;
}

/** What callbacks may do to the loop. */
export interface LoopContext {
  /** The caller's name (`'fit'`, …), for messages. */
  readonly fn: string;
  /** The parameters being trained. */
  readonly params: readonly Tensor[];
  /** Epochs planned. */
  readonly totalEpochs: number;
  /** Puts back the parameters the current epoch started from. */
  rewindEpoch(): void;
  /** Records a convergence warning about `epoch`. */
  warn(epoch: number, message: string): void;
}

/** A callback of the training loop: hooks after each batch, each epoch and at the end. */
export interface TrainingCallback {
  /** After every optimizer step. */
  onBatchEnd?(ctx: LoopContext): void;
  /** After every epoch, in the order the callbacks were given; the first stop request ends training. */
  onEpochEnd?(info: EpochInfo, ctx: LoopContext): StopRequest | undefined;
  /** Once, after the last epoch. */
  onTrainEnd?(result: LoopResult, ctx: LoopContext): void;
}

/** What a training run returns. */
export interface LoopResult {
  /** The objective of every epoch. */
  losses: number[];
  /** Epochs run. */
  epochs: number;
  /** Whether a callback's convergence test was met. */
  converged: boolean;
  /** Why training ended: `'epochs'` when it ran every epoch, else the stopping callback's reason. */
  stopReason: string;
  /** Warnings raised during training. */
  warnings: TrainingWarning[];
}

/** Everything a training run needs: data, objective, optimizer, epochs, batching and callbacks. */
export interface LoopSpec {
  /** Names the caller in errors and warnings (`'fit'`, `'LogisticRegression.fit'`). */
  fn: string;
  /** The parameters to train. */
  params: Tensor[];
  /** All the training rows. */
  data: TrainingBatch;
  /** The scalar objective on a batch. */
  objective: (batch: TrainingBatch) => Tensor;
  /** The optimizer over `params`. */
  optimizer: Optimizer;
  /** Epochs (iterations, for full-batch training) to run at most. */
  epochs: number;
  /** Mini-batches, or null for the full batch every epoch. */
  batching: {
    /** Rows per batch. */
    batchSize: number;
    /** A new order every epoch. */
    shuffle: boolean;
    /** Seed of the orders. */
    seed: number;
  } | null;
  /** Changes the gradients in place between `backward` and the step (gradient clipping). */
  clip: ((params: readonly Tensor[]) => void) | null;
  /** Called in order after each batch and epoch. */
  callbacks: TrainingCallback[];
  /** Receives each warning, or null. */
  onWarning: OnWarning | null;
  /** Restore the optimizer's state too when training fails (an optimizer the caller owns). */
  restoreOptimizer: boolean;
}

/**
 * A loss more than this many times its first value (or this much above it, for a first value
 * under 1 in size) has diverged: no training that is working comes near it.
 */
export const DIVERGENCE_FACTOR = 1e4;

/** Largest |gradient| over the parameters (0 for a null gradient); NaN if any is NaN. */
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

function copyInto(dst: (Float32Array | Float64Array)[], params: readonly Tensor[]): void {
  for (let i = 0; i < params.length; i++) dst[i]!.set(params[i]!.data);
}

/** Puts saved values back, as a tracked in-place change (a graph recorded with the newer values refuses to backpropagate). */
export function writeBack(params: readonly Tensor[], src: readonly (Float32Array | Float64Array)[]): void {
  for (let i = 0; i < params.length; i++) {
    params[i]!.data.set(src[i]!);
    markModified(params[i]!);
  }
}

function sameValues(params: readonly Tensor[], saved: readonly (Float32Array | Float64Array)[]): boolean {
  for (let i = 0; i < params.length; i++) {
    const d = params[i]!.data;
    const c = saved[i]!;
    for (let j = 0; j < d.length; j++) if (d[j] !== c[j]) return false;
  }
  return true;
}

/** Trains `spec.params` in place; see the module comment. */
export function runTraining(spec: LoopSpec): LoopResult {
  const { fn, params, optimizer } = spec;
  const start = now();
  const copies = () => params.map((p) => p.data.slice() as Float32Array | Float64Array);
  const initial = copies();
  const epochStart = copies();
  const optimizerState = spec.restoreOptimizer ? optimizer.stateDict() : null;
  const result: LoopResult = { losses: [], epochs: 0, converged: false, stopReason: 'epochs', warnings: [] };
  const ctx: LoopContext = {
    fn,
    params,
    totalEpochs: spec.epochs,
    rewindEpoch: () => writeBack(params, epochStart),
    warn: (epoch, message) => {
      const w: TrainingWarning = { code: 'CONVERGENCE', epoch, message: `${fn}: ${message}` };
      result.warnings.push(w);
      spec.onWarning?.(w);
    },
  };
  const closure = needsClosure(optimizer);
  const full = spec.batching === null;
  const loader = spec.batching === null ? null : batches(spec.data.x, spec.data.y, { ...spec.batching, dropLast: false });
  let reference: number | null = null;

  const diverged = (where: string, what: string, cause?: unknown): never => {
    throw new EntropicError('DIVERGED', fn, `training diverged at ${where}: ${what}; the parameters are back to their values before training. Lower the learning rate (lr) or check the data.`, { cause });
  };
  const checkLoss = (loss: number, where: string) => {
    if (!Number.isFinite(loss)) diverged(where, `the loss became ${loss}`);
    if (reference === null) reference = loss;
    else if (loss - reference > DIVERGENCE_FACTOR * Math.max(Math.abs(reference), 1)) {
      diverged(where, `the loss grew from ${reference} to ${loss}`);
    }
  };
  // `check`: the loss at the point a step starts from. A line search's trial points are not
  // checked: a far trial is how it learns to step shorter.
  const evaluate = (batch: TrainingBatch, where: string, check: boolean): Tensor => {
    optimizer.zeroGrad();
    const value = spec.objective(batch);
    if (value.size !== 1) throw new EntropicError('SHAPE', fn, `expected the loss to be a scalar (reduction 'mean' or 'sum'), got shape ${shapeToString(value.shape)}`);
    if (check) checkLoss(value.item(), where);
    value.backward();
    return value;
  };
  const step = (where: string, run: () => void) => {
    try {
      run();
    } catch (e) {
      if (e instanceof EntropicError && e.code === 'DIVERGED' && e.op === fn) throw e;
      if (params.some((p) => p.grad !== null && !backend().allFinite(p.grad.data))) diverged(where, 'a gradient became non-finite', e);
      throw new EntropicError(e instanceof EntropicError ? e.code : 'STATE', fn, `the optimizer step failed at ${where}: ${(e as Error).message}`, { cause: e });
    }
    // Full batch: every step ends an epoch. Mini-batches: see the end of the epoch.
    if (full) checkParams(where);
  };
  // A step with finite gradients can still overflow a parameter. Checked once per epoch with
  // mini-batches (a pass over every parameter per batch cost W3-sized models ~5% of a step): a
  // non-finite parameter turns the next loss non-finite, and the end of the epoch catches the
  // rest; either way training stops with DIVERGED and the parameters are put back.
  const checkParams = (where: string) => {
    for (let i = 0; i < params.length; i++) {
      if (!backend().allFinite(params[i]!.data)) diverged(where, `parameter ${i} (shape ${shapeToString(params[i]!.shape)}) became non-finite`);
    }
  };

  // Full-batch training reads all of X in every evaluation: the backend may keep it where its
  // kernels read it (WebAssembly memory) instead of copying it in per product. X is not changed
  // while training runs.
  const release = full ? backend().hold(spec.data.x.data) : null;
  try {
    for (let epoch = 0; epoch < spec.epochs; epoch++) {
      copyInto(epochStart, params);
      let total = 0;
      let count = 0;
      let gradMax: number | undefined;
      let b = 0;
      const epochBatches: Iterable<TrainingBatch> = loader === null ? [spec.data] : (function* () {
        for (const { X, y, indices } of loader.epoch(epoch)) {
          yield { x: X, y, weight: spec.data.weight === null ? null : indexSelect(spec.data.weight, Tensor.fromData(indices, [indices.length])) };
        }
      })();
      for (const batch of epochBatches) {
        const where = full ? `epoch ${epoch}` : `epoch ${epoch}, batch ${b}`;
        let loss: number;
        if (closure) {
          let first: number | null = null;
          step(where, () => optimizer.step(() => {
            const value = evaluate(batch, where, first === null);
            if (first === null) {
              first = value.item();
              if (full) gradMax = gradMaxAbs(params);
            }
            spec.clip?.(params);
            return value;
          }));
          if (first === null) throw new EntropicError('STATE', fn, `the optimizer's step did not evaluate the objective at ${where}`);
          loss = first;
        } else {
          loss = evaluate(batch, where, true).item();
          if (full) gradMax = gradMaxAbs(params);
          spec.clip?.(params);
          step(where, () => optimizer.step());
        }
        const rows = batch.x.shape[0]!;
        total += loss * rows;
        count += rows;
        b++;
        for (const cb of spec.callbacks) cb.onBatchEnd?.(ctx);
      }
      if (!full) checkParams(`epoch ${epoch}`);
      const info: EpochInfo = { epoch, totalEpochs: spec.epochs, loss: total / count, lr: optimizer.lr, elapsedMs: 0 };
      if (gradMax !== undefined) info.gradMaxAbs = gradMax;
      result.losses.push(info.loss);
      result.epochs = epoch + 1;
      info.elapsedMs = now() - start;
      let stop: StopRequest | undefined;
      for (const cb of spec.callbacks) {
        const s = cb.onEpochEnd?.(info, ctx);
        if (s) {
          stop = s;
          break;
        }
      }
      // A full-batch step that moved nothing would repeat itself until the last epoch: the line
      // search found no decrease at floating-point precision.
      if (stop === undefined && full && closure && sameValues(params, epochStart)) {
        ctx.warn(epoch, `stopped at iteration ${epoch}: the step did not change the parameters (no decrease found at floating-point precision${gradMax === undefined ? '' : `, max |gradient| ${gradMax.toExponential(3)}`})`);
        stop = { converged: false, reason: 'the step did not change the parameters' };
      }
      if (stop !== undefined) {
        result.converged = stop.converged;
        result.stopReason = stop.reason;
        break;
      }
    }
    for (const cb of spec.callbacks) cb.onTrainEnd?.(result, ctx);
  } catch (e) {
    writeBack(params, initial);
    for (const p of params) p.grad = null;
    if (optimizerState !== null) optimizer.loadStateDict(optimizerState);
    throw e;
  } finally {
    release?.();
  }
  return result;
}
