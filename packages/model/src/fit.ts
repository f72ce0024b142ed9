/**
 * `fit(model, X, y, opts)`: a small, general mini-batch training loop for any `Module`, any
 * loss and any optimizer, with validation data, early stopping and per-epoch callbacks.
 */
import { RandomGenerator, Tensor, cast, noGrad, shapeToString } from '@entropic/core';
import { LBFGS } from '@entropic/optim';
import type { Module } from './module.js';
import { type MatrixLike, type VectorLike, toLabels, toMatrix, toVector } from './input.js';
import { permutation, takeRows } from './batching.js';
import { freshSeed } from './linear.js';
import {
  type EpochInfo, FiniteGuard, type LossFn, type LossSpec, type OnEpoch, type OptimizerSpec,
  now, resolveLoss, resolveOptimizer,
} from './training.js';

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

export interface FitOptions {
  /** Default 'crossEntropy' (logits [n, K] against class indices). */
  loss?: LossSpec;
  /** Default 'adam'. */
  optimizer?: OptimizerSpec;
  /** Learning rate for a named optimizer (or to set on a given one). */
  lr?: number;
  /** Default 10. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Reshuffle every epoch (default true), seeded by `seed`. */
  shuffle?: boolean;
  seed?: number;
  validationData?: readonly [MatrixLike, VectorLike | Tensor];
  earlyStopping?: EarlyStoppingOptions | boolean;
  onEpoch?: OnEpoch;
}

export interface FitHistory {
  /** Mean training loss of each epoch. */
  loss: number[];
  valLoss: number[];
  valAccuracy: number[];
  /** Epochs run. */
  epochs: number;
  stoppedEarly: boolean;
  /** Epoch whose parameters were restored by early stopping, else null. */
  bestEpoch: number | null;
}

/**
 * Targets in the form the loss expects, decided by the model's output shape: logits [n, K]
 * (K > 1) with labels [n] → int32 class indices; otherwise float values shaped like the output.
 */
function makeTargets(fn: string, y: VectorLike | Tensor, n: number, outRow: readonly number[], dtype: 'float32' | 'float64', what: string): Tensor {
  const classes = outRow.length === 1 && outRow[0]! > 1 && (!(y instanceof Tensor) || y.ndim === 1);
  if (classes) return Tensor.fromData(toLabels(fn, y as VectorLike, n, outRow[0]!, what), [n]);
  const values = y instanceof Tensor && y.ndim > 1 ? y.data : toVector(fn, y as VectorLike, what);
  const rowSize = outRow.reduce((p, d) => p * d, 1);
  if (values.length !== n * rowSize) {
    throw new Error(`${fn}: ${what} has ${values.length} values but the model's output is [${n}, ${outRow.join(', ')}] (${n * rowSize} values)`);
  }
  const data = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw new Error(`${fn}: ${what}[${i}] is ${data[i]}; targets must be finite`);
  return Tensor.fromData(data, [n, ...outRow]);
}

/** Accuracy of logits against targets when that makes sense (class indices, or 0/1 with one output). */
function accuracyOf(out: Tensor, target: Tensor): number | undefined {
  const o = out.data;
  const t = target.data;
  const n = out.shape[0]!;
  let hits = 0;
  if (target.dtype === 'int32') {
    const k = out.shape[1]!;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (o[i * k + c]! > o[i * k + best]!) best = c;
      if (best === t[i]) hits++;
    }
    return hits / n;
  }
  if (out.size !== n) return undefined;
  for (let i = 0; i < n; i++) {
    if (t[i] !== 0 && t[i] !== 1) return undefined;
    if ((o[i]! > 0 ? 1 : 0) === t[i]) hits++;
  }
  return hits / n;
}

function check(fn: string, name: string, v: number | undefined, fallback: number, min: number): number {
  const x = v ?? fallback;
  if (!Number.isInteger(x) || x < min) throw new Error(`${fn}: ${name} must be an integer ≥ ${min}, got ${x}`);
  return x;
}

/** Trains `model` in place and returns the per-epoch history. */
export function fit(model: Module, X: MatrixLike, y: VectorLike | Tensor, opts: FitOptions = {}): FitHistory {
  const fn = 'fit';
  const start = now();
  const params = model.parameters();
  if (params.length === 0) throw new Error(`${fn}: the model has no parameters to train`);
  const dtype = params[0]!.dtype as 'float32' | 'float64';
  // Features in the parameters' dtype once, not a cast per batch (float64 data, float32 model).
  const asParams = (t: Tensor) => (t.dtype === dtype ? t : noGrad(() => cast(t, dtype)));
  const x = asParams(toMatrix(fn, X));
  const n = x.shape[0]!;
  const epochs = check(fn, 'epochs', opts.epochs, 10, 1);
  const batchSize = Math.min(check(fn, 'batchSize', opts.batchSize, 32, 1), n);
  const loss: LossFn = resolveLoss(fn, opts.loss ?? 'crossEntropy');
  const optimizer = resolveOptimizer(fn, opts.optimizer ?? 'adam', params, opts.lr);
  let outRow: number[];
  try {
    outRow = noGrad(() => model.forward(takeRows(x, null, 0, 1))).shape.slice(1);
  } catch (e) {
    throw new Error(`${fn}: the model cannot take X of shape ${shapeToString(x.shape)}: ${(e as Error).message}`);
  }
  const target = makeTargets(fn, y, n, outRow, dtype, 'y');
  let val: { x: Tensor; y: Tensor } | null = null;
  if (opts.validationData !== undefined) {
    const [vx, vy] = opts.validationData;
    const xv = asParams(toMatrix(fn, vx, 'validationData X'));
    if (xv.shape[1] !== x.shape[1]) throw new Error(`${fn}: validationData X has shape ${shapeToString(xv.shape)} but X has ${x.shape[1]} columns`);
    val = { x: xv, y: makeTargets(fn, vy, xv.shape[0]!, outRow, dtype, 'validationData y') };
  }
  const es = opts.earlyStopping === true ? {} : opts.earlyStopping || null;
  const monitor = es?.monitor ?? (val !== null ? 'valLoss' : 'loss');
  if (monitor === 'valLoss' && es !== null && val === null) throw new Error(`${fn}: earlyStopping monitors 'valLoss' but no validationData was given`);
  const patience = es === null ? 0 : check(fn, 'earlyStopping.patience', es.patience, 5, 1);
  const minDelta = es?.minDelta ?? 0;
  const shuffle = opts.shuffle ?? true;
  const gen = new RandomGenerator(opts.seed ?? freshSeed());
  const order = shuffle ? new Int32Array(n) : null;
  const guard = new FiniteGuard(fn, params);
  const history: FitHistory = { loss: [], valLoss: [], valAccuracy: [], epochs: 0, stoppedEarly: false, bestEpoch: null };
  let best = Infinity;
  let bestEpoch = -1;
  let bestState = es !== null && (es.restoreBest ?? true) ? model.stateDict() : null;
  let waited = 0;
  const wasTraining = model.training;
  model.train();
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (order !== null) permutation(n, gen, order);
    let total = 0;
    for (let b = 0, s = 0; s < n; b++, s += batchSize) {
      const e = Math.min(s + batchSize, n);
      const where = `epoch ${epoch}, batch ${b}`;
      const xb = takeRows(x, order, s, e);
      const tb = takeRows(target, order, s, e);
      optimizer.zeroGrad();
      const value = loss(model.forward(xb), tb);
      const lv = value.item();
      guard.checkLoss(lv, where);
      guard.save(where);
      value.backward();
      if (optimizer instanceof LBFGS) {
        // L-BFGS re-evaluates the batch objective during its line search.
        const closure = () => {
          optimizer.zeroGrad();
          const v = loss(model.forward(xb), tb);
          guard.checkLoss(v.item(), where);
          v.backward();
          return v;
        };
        guard.step(where, () => optimizer.step(closure));
      } else guard.step(where, () => optimizer.step());
      total += lv * (e - s);
    }
    const info: EpochInfo = { epoch, totalEpochs: epochs, loss: total / n, lr: optimizer.lr, elapsedMs: 0 };
    history.loss.push(info.loss);
    if (val !== null) {
      const v = val;
      model.eval();
      const out = noGrad(() => model.forward(v.x));
      info.valLoss = noGrad(() => loss(out, v.y)).item();
      info.valAccuracy = accuracyOf(out, v.y);
      model.train();
      history.valLoss.push(info.valLoss);
      if (info.valAccuracy !== undefined) history.valAccuracy.push(info.valAccuracy);
    }
    history.epochs = epoch + 1;
    info.elapsedMs = now() - start;
    const stopRequested = opts.onEpoch?.(info) === false;
    if (es !== null) {
      const watched = monitor === 'valLoss' ? info.valLoss! : info.loss;
      if (watched < best - minDelta) {
        best = watched;
        bestEpoch = epoch;
        waited = 0;
        if (bestState !== null) bestState = model.stateDict();
      } else if (++waited >= patience) {
        history.stoppedEarly = true;
        break;
      }
    }
    if (stopRequested) break;
  }
  if (history.stoppedEarly && bestState !== null) {
    model.loadStateDict(bestState);
    history.bestEpoch = bestEpoch;
  }
  model.train(wasTraining);
  return history;
}
