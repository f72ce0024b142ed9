/**
 * The training loop's callbacks: the convergence tests (a gradient tolerance for full-batch
 * training, a plateau of the loss for mini-batches), early stopping, progress reports and
 * learning-rate schedules. Each is a plain object of hooks, so users can write their own.
 */
import type { Tensor } from '@entropic/core';
import { type EpochInfo, type LoopContext, type OnEpoch, type StopRequest, type TrainingCallback, writeBack } from './loop.js';

/** How the loss spreads over the plateau window before it counts as oscillating, in units of `tol`. */
export const OSCILLATION_FACTOR = 10;

/**
 * Full-batch convergence: stops (converged) at the first iteration whose starting point has
 * max |∇objective| ≤ `tol`, and puts that point back (the step taken from it is not kept).
 * Running out of iterations first is reported as a convergence warning.
 */
export function gradientTolerance(tol: number, what = 'maxIter'): TrainingCallback {
  let last = Number.NaN;
  return {
    onEpochEnd(info, ctx) {
      if (info.gradMaxAbs === undefined) return undefined;
      last = info.gradMaxAbs;
      if (!(last <= tol)) return undefined;
      ctx.rewindEpoch();
      return { converged: true, reason: `max |gradient| ${last.toExponential(3)} <= tol ${tol}` };
    },
    onTrainEnd(result, ctx) {
      if (result.stopReason !== 'epochs') return;
      ctx.warn(result.epochs - 1, `did not converge: stopped at ${what} = ${ctx.totalEpochs} iterations with max |gradient| ${last.toExponential(3)} > tol ${tol}; raise ${what} or lr, or use solver 'lbfgs'`);
    },
  };
}

/** Options of {@link plateau}: what to watch, how long to wait, and what to do when stopping. */
export interface PlateauOptions {
  /** The watched value of an epoch (lower is better). */
  monitor: (info: EpochInfo) => number;
  /** Its name in messages (`'loss'`, `'valLoss'`). */
  label: string;
  /** Epochs without an improvement larger than `minDelta` before stopping. */
  patience: number;
  /** The smallest improvement that counts. */
  minDelta: number;
  /** Put back the parameters of the best epoch when stopping. */
  restoreBest: boolean;
  /**
   * Call the stop converged only when the watched value stayed within `OSCILLATION_FACTOR ·
   * minDelta` over the window (else it oscillates: warn). False: any stop is converged.
   */
  requireSteady: boolean;
  /** What stopping at the last epoch warns about (null: no warning). */
  exhausted: string | null;
}

/** The plateau test's state after training, for the history. */
export interface PlateauCallback extends TrainingCallback {
  /** Epoch of the best watched value so far (−1 before the first). */
  readonly bestEpoch: number;
  /** Whether training ended on this test. */
  readonly triggered: boolean;
}

/**
 * Stops when the watched value has not improved on the best by more than `minDelta` for
 * `patience` epochs in a row (Keras's EarlyStopping; scikit-learn's `nIterNoChange` with `tol`).
 */
export function plateau(o: PlateauOptions): PlateauCallback {
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = -1;
  let wait = 0;
  let triggered = false;
  let bestParams: (Float32Array | Float64Array)[] | null = null;
  const window: number[] = [];
  const snapshot = (params: readonly Tensor[]) => {
    if (bestParams === null) bestParams = params.map((p) => p.data.slice() as Float32Array | Float64Array);
    else for (let i = 0; i < params.length; i++) bestParams[i]!.set(params[i]!.data);
  };
  return {
    get bestEpoch() {
      return bestEpoch;
    },
    get triggered() {
      return triggered;
    },
    onEpochEnd(info, ctx): StopRequest | undefined {
      const value = o.monitor(info);
      window.push(value);
      if (window.length > o.patience + 1) window.shift();
      if (value < best - o.minDelta) {
        best = value;
        bestEpoch = info.epoch;
        wait = 0;
        if (o.restoreBest) snapshot(ctx.params);
        return undefined;
      }
      if (++wait < o.patience) return undefined;
      triggered = true;
      if (o.restoreBest && bestParams !== null) writeBack(ctx.params, bestParams);
      const spread = Math.max(...window) - Math.min(...window);
      const reason = `${o.label} did not improve by more than ${o.minDelta} for ${o.patience} epochs`;
      if (o.requireSteady && spread > OSCILLATION_FACTOR * o.minDelta) {
        ctx.warn(info.epoch, `did not converge: ${reason}, but it oscillates (from ${Math.min(...window).toPrecision(5)} to ${Math.max(...window).toPrecision(5)} over the last ${window.length} epochs, more than ${OSCILLATION_FACTOR} × tol apart): the learning rate is probably too large`);
        return { converged: false, reason: `${reason} (oscillating)` };
      }
      return { converged: true, reason };
    },
    onTrainEnd(result, ctx) {
      if (result.stopReason !== 'epochs' || o.exhausted === null) return;
      ctx.warn(result.epochs - 1, o.exhausted);
    },
  };
}

/** The user's `onEpoch`: returning `false` stops training. */
export function progress(onEpoch: OnEpoch): TrainingCallback {
  return {
    onEpochEnd(info) {
      return onEpoch(info) === false ? { converged: false, reason: 'onEpoch returned false' } : undefined;
    },
  };
}

/** What a learning-rate schedule must offer the loop (every schedule of @entropic/optim does). */
export interface Schedule {
  /** Moves the schedule on one epoch (or batch); a metric-driven schedule takes the watched value. */
  step(metric?: number): void;
}

/**
 * Steps a schedule after every epoch (or batch). A schedule driven by a metric (one whose
 * `step` takes it, as `ReduceLROnPlateau`) gets the epoch's `valLoss`, or its `loss` without
 * validation data.
 */
export function scheduling(schedule: Schedule, interval: 'epoch' | 'batch', takesMetric: boolean): TrainingCallback {
  if (interval === 'batch') return { onBatchEnd: () => schedule.step() };
  return {
    onEpochEnd(info: EpochInfo, _ctx: LoopContext) {
      if (takesMetric) schedule.step(info.valLoss ?? info.loss);
      else schedule.step();
      return undefined;
    },
  };
}
