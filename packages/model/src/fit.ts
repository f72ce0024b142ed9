/**
 * `fit(model, X, y, opts)`: trains any `Module` with any loss and optimizer through the
 * training loop (loop.ts): mini-batches, validation data, early stopping, sample and class
 * weights, gradient clipping, learning-rate schedules and per-epoch callbacks.
 */
import {
  EntropicError, Tensor, cast, noGrad, opt, parseOptions, randomSeed, shapeToString, unknownOptionMessage,
} from '@entropic/core';
import { binaryCrossEntropyWithLogits, crossEntropy } from '@entropic/loss';
import type { Module } from './module.js';
import { type MatrixLike, type VectorLike, toLabels, toMatrix, toVector } from './input.js';
import { rowRange } from './batching.js';
import { seedOption } from './linear.js';
import { type OnEpoch, type OnWarning, type TrainingCallback, type TrainingWarning, runTraining } from './loop.js';
import { type PlateauCallback, type Schedule, plateau, progress, scheduling } from './callbacks.js';
import { type LossFn, type LossSpec, type OptimizerSpec, type ResolvedLoss, resolveLoss, resolveOptimizer, wrapErrors } from './training.js';
import { type ClassWeight, isClassWeight, sampleWeights, weightedMean } from './weights.js';
import { type ClipGradNorm, clipper, isClipGradNorm } from './clip.js';
import { Optimizer, ReduceLROnPlateau } from '@entropic/optim';

/** Options of `fit`'s `earlyStopping`. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** Smallest decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** Watched quantity (default 'valLoss' with validation data, else 'loss'). */
  monitor?: 'valLoss' | 'loss';
  /** Put back the parameters of the best epoch when stopping (default true). */
  restoreBest?: boolean;
}

/** A schedule over the optimizer `fit` trains with, or a factory that makes one from it. */
export type SchedulerSpec = Schedule | ((optimizer: Optimizer) => Schedule);

/**
 * Options of {@link fit}: the loss, the optimizer, batching, validation, early stopping, weights,
 * clipping, a schedule and the callbacks. Unknown names throw, naming the closest known one.
 */
export interface FitOptions {
  /** Default: `crossEntropy` for [n, K] outputs, `binaryCrossEntropyWithLogits` for one output and 0/1 targets. */
  loss?: LossSpec;
  /** An optimizer over `model.parameters()`, a factory `(params) => optimizer`, or a registered name (default 'adam'). */
  optimizer?: OptimizerSpec;
  /** Learning rate for a named optimizer (or to set on a given one). */
  lr?: number;
  /** Further options of a named optimizer (`{ momentum: 0.9 }`). */
  optimizerOptions?: Record<string, unknown>;
  /** Default 10. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Reshuffle every epoch (default true), seeded by `seed`. */
  shuffle?: boolean;
  /** Seeds the shuffling (and nothing else); without it, a fresh random seed. */
  seed?: number;
  /** `[X, y]` evaluated after every epoch (`valLoss`, `valAccuracy`), and watched by early stopping. */
  validationData?: readonly [MatrixLike, VectorLike | Tensor];
  /** Stop when the watched loss stops improving: `true` for the defaults, or the options. */
  earlyStopping?: EarlyStoppingOptions | boolean;
  /** One weight per sample (≥ 0): the loss becomes mean(w·ℓ). */
  sampleWeight?: VectorLike;
  /** `'balanced'` (n / (k·count), as scikit-learn) or one weight per class; multiplies `sampleWeight`. */
  classWeight?: ClassWeight;
  /** Rescale the gradients so that their joint norm is at most this (`torch.nn.utils.clip_grad_norm_`). */
  clipGradNorm?: ClipGradNorm;
  /**
   * A learning-rate schedule over the optimizer (or a factory that makes one from it), stepped after every epoch or batch.
   */
  scheduler?: SchedulerSpec;
  /** Step the schedule after every 'epoch' (default) or every 'batch' (OneCycleLR). */
  schedulerInterval?: 'epoch' | 'batch';
  /** Called after every epoch with its {@link EpochInfo}; return `false` to stop. */
  onEpoch?: OnEpoch;
  /** Receives each warning as it happens (they are also in `history.warnings`). */
  onWarning?: OnWarning;
}

/** What {@link fit} returns: the losses of every epoch, and how and why training ended. */
export interface FitHistory {
  /** Mean training loss of each epoch. */
  loss: number[];
  /** Validation loss of each epoch (empty without validation data). */
  valLoss: number[];
  /** Validation accuracy of each epoch (empty without validation data, or for a regression). */
  valAccuracy: number[];
  /** Epochs run. */
  epochs: number;
  /** Whether early stopping ended training before the last epoch. */
  stoppedEarly: boolean;
  /** Epoch whose parameters were restored by early stopping, else null. */
  bestEpoch: number | null;
  /** Whether early stopping's test was met (false when training ran every epoch asked for). */
  converged: boolean;
  /** Why training ended: `'epochs'`, or what stopped it. */
  stopReason: string;
  /** Warnings about the fit (convergence), as scikit-learn's `ConvergenceWarning`. */
  warnings: TrainingWarning[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor);
const isVectorLike = (v: unknown): v is VectorLike => v instanceof Tensor || Array.isArray(v) || v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array;

const FIT_OPTIONS = {
  loss: opt.custom('a loss function or a registered loss name', (v): v is LossSpec => typeof v === 'function' || typeof v === 'string'),
  optimizer: opt.custom(
    'an Optimizer, a factory (params) => optimizer, or a registered optimizer name',
    (v): v is OptimizerSpec => v instanceof Optimizer || typeof v === 'function' || typeof v === 'string',
  ),
  lr: opt.number({ gt: 0 }),
  optimizerOptions: opt.custom('an object of optimizer options', isObject),
  epochs: opt.number({ integer: true, min: 1, default: 10 }),
  batchSize: opt.number({ integer: true, min: 1, default: 32 }),
  shuffle: opt.boolean({ default: true }),
  seed: seedOption,
  validationData: opt.custom('[X, y]', (v): v is readonly [MatrixLike, VectorLike | Tensor] => Array.isArray(v) && v.length === 2),
  earlyStopping: opt.custom('true, false or { patience, minDelta, monitor, restoreBest }', (v): v is EarlyStoppingOptions | boolean => typeof v === 'boolean' || isObject(v)),
  sampleWeight: opt.custom('one weight per sample (a Tensor [n], number[] or typed array)', isVectorLike),
  classWeight: opt.custom("'balanced' or one weight per class (number[])", isClassWeight),
  clipGradNorm: opt.custom('a number > 0 or { maxNorm, normType }', isClipGradNorm),
  scheduler: opt.custom('a schedule, or a factory (optimizer) => schedule', (v): v is SchedulerSpec => typeof v === 'function' || (isObject(v) && typeof v.step === 'function')),
  schedulerInterval: opt.oneOf(['epoch', 'batch'] as const, { default: 'epoch' }),
  onEpoch: opt.function<OnEpoch>(),
  onWarning: opt.function<OnWarning>(),
};

const EARLY_STOPPING_OPTIONS = {
  patience: opt.number({ integer: true, min: 1, default: 5 }),
  minDelta: opt.number({ min: 0, default: 0 }),
  monitor: opt.oneOf(['valLoss', 'loss'] as const),
  restoreBest: opt.boolean({ default: true }),
};

/**
 * Names that mean the same thing in the estimators (scikit-learn's) and in `fit` (Keras's and
 * PyTorch Lightning's): a wrong one is answered with the right one.
 */
export function checkNamesElsewhere(fn: string, opts: unknown, names: Record<string, string>, known: readonly string[]): void {
  if (!isObject(opts)) return;
  for (const key of Object.keys(opts)) {
    const right = names[key];
    if (right !== undefined) {
      throw new EntropicError('OPTION', fn, `${unknownOptionMessage(key, known).replace(/^unknown option '[^']*'( \([^)]*\))?/, `unknown option '${key}' (did you mean '${right}'?)`)}`);
    }
  }
}

const FIT_NAMES_ELSEWHERE = {
  maxIter: 'epochs', nIterNoChange: 'earlyStopping: { patience }', patience: 'earlyStopping: { patience }', tol: 'earlyStopping: { minDelta }',
};

/** The targets as the loss takes them, decided by its `meta.target` and the model's output. */
function makeTargets(fn: string, y: VectorLike | Tensor, n: number, outRow: readonly number[], loss: ResolvedLoss, dtype: 'float32' | 'float64', what: string): { target: Tensor; labels: Int32Array | null } {
  const classes = outRow.length === 1 && outRow[0]! > 1;
  const wantsIndices = loss.meta !== undefined ? loss.meta.target === 'classIndex' : classes && (!(y instanceof Tensor) || y.ndim === 1);
  if (wantsIndices) {
    if (!classes) {
      throw new EntropicError('SHAPE', fn, `the loss takes class indices, which needs outputs [n, K] with K >= 2 classes, but the model outputs ${shapeToString([n, ...outRow])}${outRow.every((d) => d === 1) ? ' (one column: use binaryCrossEntropyWithLogits with 0/1 targets)' : ''}`);
    }
    const labels = toLabels(fn, y as VectorLike, n, outRow[0]!, what);
    return { target: Tensor.fromData(labels, [n]), labels };
  }
  const values = y instanceof Tensor && y.ndim > 1 ? y.data : toVector(fn, y as VectorLike, what);
  const rowSize = outRow.reduce((p, d) => p * d, 1);
  if (values.length !== n * rowSize) {
    throw new EntropicError('SHAPE', fn, `expected ${what} with ${n * rowSize} values for the model's output ${shapeToString([n, ...outRow])}, got ${values.length}`);
  }
  const data = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw new EntropicError('NON_FINITE', fn, `expected finite targets, got ${what}[${i}] = ${data[i]}`);
  const labels = rowSize === 1 && data.every((v) => v === 0 || v === 1) ? Int32Array.from(data) : null;
  return { target: Tensor.fromData(data, [n, ...outRow]), labels };
}

/**
 * The loss `fit` uses when none is given: cross-entropy over K > 1 output columns, BCE with
 * logits over one column with 0/1 targets. Anything else must name its loss: never a loss that
 * is silently 0 (a softmax over one column is always 1).
 */
function defaultLoss(fn: string, outRow: readonly number[], y: VectorLike | Tensor): LossFn {
  const width = outRow.reduce((p, d) => p * d, 1);
  if (outRow.length === 1 && width > 1) return crossEntropy;
  if (width === 1) {
    const v = y instanceof Tensor ? y.data : toVector(fn, y as VectorLike);
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== 0 && v[i] !== 1) {
        throw new EntropicError('VALUE', fn, `the model has one output and y is not 0/1 labels (y[${i}] = ${v[i]}); name the loss, e.g. { loss: 'mseLoss' } for regression`);
      }
    }
    return binaryCrossEntropyWithLogits;
  }
  throw new EntropicError('VALUE', fn, `no default loss for outputs of shape ${shapeToString(['n' as never, ...outRow])}; pass { loss }`);
}

/** Accuracy of outputs against class targets (indices, or 0/1 with one output whose scores the loss reads as logits or probabilities). */
function accuracyOf(out: Tensor, target: Tensor, threshold: number | null): number | undefined {
  const o = out.data;
  const t = target.data;
  const n = out.shape[0]!;
  let hits = 0;
  if (target.dtype === 'int32') {
    const k = out.size / n;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (o[i * k + c]! > o[i * k + best]!) best = c;
      if (best === t[i]) hits++;
    }
    return hits / n;
  }
  if (out.size !== n || threshold === null) return undefined;
  for (let i = 0; i < n; i++) {
    if (t[i] !== 0 && t[i] !== 1) return undefined;
    if ((o[i]! > threshold ? 1 : 0) === t[i]) hits++;
  }
  return hits / n;
}

/** Trains `model` in place and returns the per-epoch history. */
export function fit(model: Module, X: MatrixLike, y: VectorLike | Tensor, opts: FitOptions = {}): FitHistory {
  const fn = 'fit';
  checkNamesElsewhere(fn, opts, FIT_NAMES_ELSEWHERE, Object.keys(FIT_OPTIONS));
  const o = parseOptions(fn, opts, FIT_OPTIONS);
  const x0 = toMatrix(fn, X);
  // A first forward pass, in eval mode (no dropout draws): it checks that the model takes X, and
  // lets a module that makes its parameters on first use (an unfitted estimator) make them
  // before they are collected.
  let outRow: number[];
  const wasTraining = model.training;
  try {
    model.eval();
    outRow = noGrad(() => model.forward(rowRange(x0, 0, 1))).shape.slice(1);
  } catch (e) {
    throw new EntropicError(e instanceof EntropicError ? e.code : 'SHAPE', fn, `the model cannot take X of shape ${shapeToString(x0.shape)}: ${(e as Error).message}`, { cause: e });
  } finally {
    model.train(wasTraining);
  }
  const params = model.parameters();
  if (params.length === 0) throw new EntropicError('STATE', fn, 'the model has no parameters to train');
  const dtype = params[0]!.dtype as 'float32' | 'float64';
  // Features in the parameters' dtype once, not a cast per batch (float64 data, float32 model).
  const asParams = (t: Tensor) => (t.dtype === dtype ? t : noGrad(() => cast(t, dtype)));
  const x = asParams(x0);
  const n = x.shape[0]!;
  const loss = resolveLoss(fn, o.loss ?? defaultLoss(fn, outRow, y));
  const { target, labels } = makeTargets(fn, y, n, outRow, loss, dtype, 'y');
  const k = outRow.length === 1 && outRow[0]! > 1 ? outRow[0]! : 2;
  const weight = sampleWeights(fn, n, dtype, o.sampleWeight, o.classWeight, labels, k);
  let val: { x: Tensor; y: Tensor } | null = null;
  if (o.validationData !== undefined) {
    const [vx, vy] = o.validationData;
    const xv = asParams(toMatrix(fn, vx, 'validationData X'));
    if (xv.shape[1] !== x.shape[1]) throw new EntropicError('SHAPE', fn, `expected validationData X with ${x.shape[1]} columns like X, got shape ${shapeToString(xv.shape)}`);
    val = { x: xv, y: makeTargets(fn, vy, xv.shape[0]!, outRow, loss, dtype, 'validationData y').target };
  }
  const es = o.earlyStopping === true ? parseOptions('fit.earlyStopping', {}, EARLY_STOPPING_OPTIONS)
    : o.earlyStopping ? parseOptions('fit.earlyStopping', o.earlyStopping, EARLY_STOPPING_OPTIONS) : null;
  const monitor = es?.monitor ?? (val !== null ? 'valLoss' : 'loss');
  if (monitor === 'valLoss' && es !== null && val === null) throw new EntropicError('OPTION', fn, "earlyStopping monitors 'valLoss' but no validationData was given");
  const owned = o.optimizer instanceof Optimizer;
  const optimizer = resolveOptimizer(fn, o.optimizer ?? 'adam', params, o.lr, o.optimizerOptions ?? {});
  const schedule = o.scheduler === undefined ? null
    : typeof o.scheduler === 'function' ? wrapErrors(fn, () => (o.scheduler as (opt: Optimizer) => Schedule)(optimizer), 'the scheduler factory failed: ') : o.scheduler;

  const callLoss = (out: Tensor, t: Tensor, w: Tensor | null): Tensor => {
    if (w === null) return loss.fn(out, t);
    return weightedMean(fn, loss.fn(out, t, { reduction: 'none' }), w);
  };
  const history: FitHistory = {
    loss: [], valLoss: [], valAccuracy: [], epochs: 0, stoppedEarly: false, bestEpoch: null, converged: false, stopReason: 'epochs', warnings: [],
  };
  const callbacks: TrainingCallback[] = [];
  if (val !== null) {
    const v = val;
    const threshold = loss.meta === undefined || loss.meta.input === 'logits' ? 0 : loss.meta.input === 'probabilities' ? 0.5 : null;
    callbacks.push({
      onEpochEnd(info) {
        model.eval();
        try {
          const out = noGrad(() => model.forward(v.x));
          info.valLoss = noGrad(() => loss.fn(out, v.y)).item();
          info.valAccuracy = accuracyOf(out, v.y, threshold);
        } finally {
          model.train();
        }
        history.valLoss.push(info.valLoss);
        if (info.valAccuracy !== undefined) history.valAccuracy.push(info.valAccuracy);
        return undefined;
      },
    });
  }
  if (o.onEpoch !== undefined) callbacks.push(progress(o.onEpoch));
  let stopper: PlateauCallback | null = null;
  if (es !== null) {
    stopper = plateau({
      monitor: (info) => (monitor === 'valLoss' ? info.valLoss! : info.loss),
      label: monitor,
      patience: es.patience,
      minDelta: es.minDelta,
      restoreBest: es.restoreBest,
      requireSteady: false,
      exhausted: `${monitor} was still improving when training stopped at epochs = ${o.epochs}; raise epochs`,
    });
    callbacks.push(stopper);
  }
  if (schedule !== null) callbacks.push(scheduling(schedule, o.schedulerInterval, schedule instanceof ReduceLROnPlateau));

  model.train();
  try {
    const result = runTraining({
      fn,
      params,
      data: { x, y: target, weight },
      objective: (batch) => callLoss(model.forward(batch.x), batch.y, batch.weight),
      optimizer,
      epochs: o.epochs,
      batching: { batchSize: Math.min(o.batchSize, n), shuffle: o.shuffle, seed: o.seed ?? randomSeed() },
      clip: o.clipGradNorm === undefined ? null : clipper(fn, o.clipGradNorm),
      callbacks,
      onWarning: o.onWarning ?? null,
      restoreOptimizer: owned,
    });
    history.loss = result.losses;
    history.epochs = result.epochs;
    history.converged = result.converged;
    history.stopReason = result.stopReason;
    history.warnings = result.warnings;
    if (stopper?.triggered) {
      history.stoppedEarly = true;
      if (es?.restoreBest) history.bestEpoch = stopper.bestEpoch;
    }
  } finally {
    model.train(wasTraining);
  }
  return history;
}
