/**
 * LogisticRegression (binary: σ(w·x + b) on log loss, the article's model) and
 * SoftmaxRegression (multinomial). The objective is
 *   mean loss(z, y) + (l2 / 2)·‖W‖²,  z = X·Wᵀ + b,  intercept not penalised,
 * so l2 = 1/(C·n) reproduces scikit-learn's LogisticRegression(C).
 */
import { Tensor, add, logSoftmax, mul, noGrad, reshape, shapeToString, sigmoid, softmax, sum } from '@entropic/core';
import { type MatrixLike, type VectorLike, toLabels, toMatrix } from './input.js';
import { linear, freshSeed } from './linear.js';
import { takeRows } from './batching.js';
import { accuracy } from './metrics.js';
import { type LossFn, type LossSpec, type OnEpoch, resolveLoss } from './training.js';
import { type Solver, type SolverSettings, runSolver } from './solvers.js';
import { type LinearModelState, readLinearModel, writeLinearModel } from './linear-model-json.js';
import type { SavedModel } from './serialize.js';

export type { Solver };

export interface LinearModelOptions {
  /** L2 penalty on the coefficients (default 0). */
  l2?: number;
  /** Learn an unpenalised intercept (default true). */
  fitIntercept?: boolean;
  /** Default 'gd'. */
  solver?: Solver;
  /** Default 0.1 (gd), 0.01 (sgd), 1e-3 (adam), 1 (lbfgs: the line search's first trial step). */
  lr?: number;
  /** Iterations (gd, lbfgs) or epochs (sgd, adam). Default 1000 (gd, lbfgs), 100 (sgd, adam). */
  maxIter?: number;
  /**
   * gd, lbfgs: stop when max|∇objective| ≤ tol (default 1e-8 in float64, 1e-5 in float32).
   * sgd, adam: stop when the epoch loss has not improved by tol for `nIterNoChange` epochs (default 1e-4).
   */
  tol?: number;
  /** sgd, adam (default 32). */
  batchSize?: number;
  /** Seeds the mini-batch shuffling (sgd, adam). */
  seed?: number;
  nIterNoChange?: number;
  /** L-BFGS memory (default 100, as PyTorch). */
  historySize?: number;
  /**
   * Any loss of @entropic/loss, one made with defineLoss, or a registered name. It receives the
   * logits z, except `binaryCrossEntropy` (σ(z)) and `nllLoss` (logSoftmax(z)). Default:
   * binaryCrossEntropyWithLogits (binary), crossEntropy (softmax).
   */
  loss?: LossSpec;
}

export interface LinearFitOptions {
  /** Called after every iteration/epoch; return false to stop. */
  onEpoch?: OnEpoch;
}

const SOLVERS: readonly Solver[] = ['gd', 'sgd', 'adam', 'lbfgs'];
const DEFAULT_LR: Record<Solver, number> = { gd: 0.1, sgd: 0.01, adam: 1e-3, lbfgs: 1 };

abstract class LinearClassifier {
  protected abstract readonly kind: 'LogisticRegression' | 'SoftmaxRegression';
  protected abstract readonly multinomial: boolean;
  readonly options: Readonly<LinearModelOptions>;
  /** Objective per iteration (gd, lbfgs) or epoch (sgd, adam) of the last fit. */
  history: number[] = [];
  nIter = 0;
  converged = false;
  /** [K', d] with K' = 1 for binary; null before fit. */
  protected weight: Tensor | null = null;
  protected bias: Tensor | null = null;
  protected numClasses = 0;

  constructor(opts: LinearModelOptions = {}) {
    const fn = `${new.target.name}`;
    const o = { ...opts };
    if (o.l2 !== undefined && !(Number.isFinite(o.l2) && o.l2 >= 0)) throw new Error(`${fn}: l2 must be a finite number ≥ 0, got ${o.l2}`);
    if (o.solver !== undefined && !SOLVERS.includes(o.solver)) throw new Error(`${fn}: solver must be one of ${SOLVERS.map((s) => `'${s}'`).join(', ')}, got ${JSON.stringify(o.solver)}`);
    if (o.lr !== undefined && !(Number.isFinite(o.lr) && o.lr > 0)) throw new Error(`${fn}: lr must be a finite number > 0, got ${o.lr}`);
    if (o.tol !== undefined && !(o.tol >= 0)) throw new Error(`${fn}: tol must be a number ≥ 0, got ${o.tol}`);
    for (const k of ['maxIter', 'batchSize', 'nIterNoChange', 'historySize'] as const) {
      const v = o[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new Error(`${fn}: ${k} must be an integer ≥ 1, got ${v}`);
    }
    if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) throw new Error(`${fn}: seed must be a safe integer, got ${o.seed}`);
    if (o.loss !== undefined) resolveLoss(fn, o.loss);
    this.options = Object.freeze(o);
  }

  /** Coefficients: [d] (binary) or [K, d] (softmax); a copy. */
  get coef(): Tensor {
    const w = this.fitted('coef');
    const copy = w.data.slice();
    return Tensor.fromData(copy, this.multinomial ? w.shape.slice() : [w.shape[1]!]);
  }

  /** Intercept: a scalar [] (binary) or [K]; zeros when `fitIntercept` is false. */
  get intercept(): Tensor {
    const w = this.fitted('intercept');
    const data = this.bias === null ? new (w.data.constructor as Float64ArrayConstructor)(w.shape[0]!) : this.bias.data.slice();
    return Tensor.fromData(data, this.multinomial ? [w.shape[0]!] : []);
  }

  get nFeatures(): number {
    return this.fitted('nFeatures').shape[1]!;
  }

  protected fitted(what: string): Tensor {
    if (this.weight === null) throw new Error(`${this.kind}.${what}: the model is not fitted; call fit(X, y) first`);
    return this.weight;
  }

  private lossFn(): { loss: LossFn; input: (z: Tensor) => Tensor } {
    const spec = this.options.loss ?? (this.multinomial ? 'crossEntropy' : 'binaryCrossEntropyWithLogits');
    const loss = resolveLoss(`${this.kind}.fit`, spec);
    const name = typeof spec === 'string' ? spec : spec.name;
    if (name === 'binaryCrossEntropy') return { loss, input: sigmoid };
    if (name === 'nllLoss') return { loss, input: (z) => logSoftmax(z, { axis: 1 }) };
    return { loss, input: (z) => z };
  }

  /** Logits: [n] (binary) or [n, K]. */
  decisionFunction(X: MatrixLike): Tensor {
    const w = this.fitted('decisionFunction');
    const x = toMatrix(`${this.kind}.decisionFunction`, X);
    if (x.shape[1] !== w.shape[1]) {
      throw new Error(`${this.kind}.decisionFunction: expected X with ${w.shape[1]} features, got shape ${shapeToString(x.shape)}`);
    }
    return noGrad(() => {
      const z = linear(x, w, this.bias);
      return this.multinomial ? z : reshape(z, [x.shape[0]!]);
    });
  }

  /** P(y = 1) as [n] (binary) or class probabilities [n, K]. */
  predictProba(X: MatrixLike): Tensor {
    const z = this.decisionFunction(X);
    return noGrad(() => (this.multinomial ? softmax(z, { axis: 1 }) : sigmoid(z)));
  }

  /** Class indices (int32 [n]): z > 0 (binary) or the first arg max (softmax), as scikit-learn. */
  predict(X: MatrixLike): Tensor {
    const z = this.decisionFunction(X);
    const n = z.shape[0]!;
    const out = new Int32Array(n);
    const d = z.data;
    if (!this.multinomial) for (let i = 0; i < n; i++) out[i] = d[i]! > 0 ? 1 : 0;
    else {
      const k = z.shape[1]!;
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (d[i * k + c]! > d[i * k + best]!) best = c;
        out[i] = best;
      }
    }
    return Tensor.fromData(out, [n]);
  }

  /** Accuracy on (X, y). */
  score(X: MatrixLike, y: VectorLike): number {
    return accuracy(y, this.predict(X));
  }

  /** The training objective (mean loss + l2 term) at the current parameters. */
  objective(X: MatrixLike, y: VectorLike): number {
    const w = this.fitted('objective');
    const { x, target } = this.prepare(`${this.kind}.objective`, X, y);
    if (x.shape[1] !== w.shape[1]) throw new Error(`${this.kind}.objective: expected X with ${w.shape[1]} features, got shape ${shapeToString(x.shape)}`);
    return noGrad(() => this.batchObjective(x, target)(null, 0, x.shape[0]!).item());
  }

  private prepare(fn: string, X: MatrixLike, y: VectorLike): { x: Tensor; target: Tensor } {
    const x = toMatrix(fn, X);
    const n = x.shape[0]!;
    const labels = toLabels(fn, y, n, this.multinomial ? undefined : 2);
    if (this.multinomial) return { x, target: Tensor.fromData(labels, [n]) };
    const t = x.dtype === 'float64' ? Float64Array.from(labels) : Float32Array.from(labels);
    return { x, target: Tensor.fromData(t, [n]) };
  }

  private batchObjective(x: Tensor, target: Tensor) {
    const { loss, input } = this.lossFn();
    const l2 = this.options.l2 ?? 0;
    const w = this.weight!;
    return (order: Int32Array | null, start: number, end: number): Tensor => {
      const full = order === null && start === 0 && end === x.shape[0];
      const xb = full ? x : takeRows(x, order, start, end);
      const tb = full ? target : takeRows(target, order, start, end);
      const z = linear(xb, w, this.bias);
      const value = loss(input(this.multinomial ? z : reshape(z, [end - start])), tb);
      if (value.size !== 1) throw new Error(`${this.kind}.fit: the loss must return a scalar (reduction 'mean' or 'sum'), got shape ${shapeToString(value.shape)}`);
      return l2 > 0 ? add(value, mul(sum(mul(w, w)), l2 / 2)) : value;
    };
  }

  /** Fits from zero coefficients (as scikit-learn), replacing any previous fit. */
  fit(X: MatrixLike, y: VectorLike, opts: LinearFitOptions = {}): this {
    const fn = `${this.kind}.fit`;
    const { x, target } = this.prepare(fn, X, y);
    const [n, d] = x.shape as [number, number];
    let k = 1;
    if (this.multinomial) {
      const labels = target.data;
      let maxLabel = 0;
      for (let i = 0; i < n; i++) maxLabel = Math.max(maxLabel, labels[i]!);
      if (maxLabel < 1) throw new Error(`${fn}: expected at least 2 classes in y (labels 0…K−1), got only class 0`);
      k = maxLabel + 1;
    }
    const o = this.options;
    const solver = o.solver ?? 'gd';
    const dtype = x.dtype as 'float32' | 'float64';
    const alloc = (size: number) => (dtype === 'float64' ? new Float64Array(size) : new Float32Array(size));
    const weight = Tensor.fromData(alloc(k * d), [k, d], { requiresGrad: true });
    const bias = (o.fitIntercept ?? true) ? Tensor.fromData(alloc(k), [k], { requiresGrad: true }) : null;
    const previous = [this.weight, this.bias, this.numClasses] as const;
    [this.weight, this.bias, this.numClasses] = [weight, bias, this.multinomial ? k : 2];
    const settings: SolverSettings = {
      solver,
      lr: o.lr ?? DEFAULT_LR[solver],
      maxIter: o.maxIter ?? (solver === 'sgd' || solver === 'adam' ? 100 : 1000),
      tol: o.tol ?? (solver === 'sgd' || solver === 'adam' ? 1e-4 : dtype === 'float64' ? 1e-8 : 1e-5),
      batchSize: Math.min(o.batchSize ?? 32, n),
      seed: o.seed ?? freshSeed(),
      nIterNoChange: o.nIterNoChange ?? 5,
      historySize: o.historySize ?? 100,
    };
    const params = bias === null ? [weight] : [weight, bias];
    const before = [this.history, this.nIter, this.converged] as const;
    this.history = [];
    this.nIter = 0;
    this.converged = false;
    try {
      const result = runSolver(fn, params, n, this.batchObjective(x, target), settings, this.history, opts.onEpoch);
      this.nIter = result.nIter;
      this.converged = result.converged;
    } catch (e) {
      // Failing before any iteration (a loss that rejects its input, say) leaves the model as it
      // was. Failing later (a non-finite loss) keeps the last finite parameters (FiniteGuard):
      // the model stays usable and its history shows the iterations completed.
      if (this.history.length === 0) {
        [this.weight, this.bias, this.numClasses] = previous;
        [this.history, this.nIter, this.converged] = before;
      } else this.nIter = this.history.length;
      throw e;
    }
    return this;
  }

  /** Versioned JSON of the fitted model. */
  toJSON(): SavedModel {
    const w = this.fitted('toJSON');
    const state: LinearModelState = {
      kind: this.kind, options: this.options, weight: w, bias: this.bias, numClasses: this.numClasses,
      history: this.history, nIter: this.nIter, converged: this.converged,
    };
    return writeLinearModel(state, this.multinomial);
  }

  protected restore(json: unknown): this {
    const s = readLinearModel(`${this.kind}.fromJSON`, json, this.kind, this.multinomial);
    [this.weight, this.bias, this.numClasses] = [s.weight, s.bias, s.numClasses];
    [this.history, this.nIter, this.converged] = [s.history, s.nIter, s.converged];
    (this as { options: Readonly<LinearModelOptions> }).options = Object.freeze({ ...s.options });
    return this;
  }
}

/** Binary logistic regression: P(y = 1 | x) = σ(w·x + b). Labels 0/1. */
export class LogisticRegression extends LinearClassifier {
  protected readonly kind = 'LogisticRegression';
  protected readonly multinomial = false;

  /** Rebuilds a saved model (an object or its JSON text); throws on a bad version, fields or shapes. */
  static fromJSON(json: unknown): LogisticRegression {
    return new LogisticRegression().restore(json);
  }
}

/** Multinomial logistic regression: P(y = c | x) = softmax(W·x + b)_c. Labels 0…K−1. */
export class SoftmaxRegression extends LinearClassifier {
  protected readonly kind = 'SoftmaxRegression';
  protected readonly multinomial = true;

  static fromJSON(json: unknown): SoftmaxRegression {
    return new SoftmaxRegression().restore(json);
  }
}
