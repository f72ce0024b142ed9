/**
 * LogisticRegression (binary: σ(w·x + b) on log loss, the article's model) and
 * SoftmaxRegression (multinomial), as Modules holding one `Linear` layer. The objective is
 *   mean w_i·loss(head(z_i), y_i) + (l2 / 2)·‖W‖²,  z = X·Wᵀ + b,  intercept not penalised,
 * so l2 = 1/(C·n) reproduces scikit-learn's LogisticRegression(C) (with its sample weights).
 * The head between the logits and the loss comes from the loss's declared input (`meta`).
 * Every solver trains through the one training loop (loop.ts), as `fit` does.
 */
import { EntropicError, Tensor, add, describeValue, mul, noGrad, opt, parseOptions, randomSeed, reshape, sum } from '@entropic/core';
import { binaryCrossEntropyWithLogits } from '@entropic/loss';
import { getOptimizer } from '@entropic/optim';
import { type MatrixLike, type VectorLike, checkFeatures, toLabels, toMatrix } from './input.js';
import { Linear, seedOption } from './linear.js';
import { logisticLoss } from './logistic-loss.js';
import { LinearEstimator } from './linear-estimator.js';
import { accuracy } from './metrics.js';
import { type OnEpoch, type OnWarning, type TrainingBatch, type TrainingCallback, type TrainingWarning, runTraining } from './loop.js';
import { gradientTolerance, plateau, progress } from './callbacks.js';
import { type LossSpec, type ResolvedLoss, lossName, resolveLoss, wrapErrors } from './training.js';
import { classesFromLogits, headFor, probabilitiesFromLogits, targetsFor } from './heads.js';
import { type ClassWeight, isClassWeight, sampleWeights, weightedMean } from './weights.js';
import { checkNamesElsewhere } from './fit.js';
import { registerModuleClass, warnWhileSaving } from './serialize.js';

/**
 * How {@link LogisticRegression} and {@link SoftmaxRegression} train: full-batch gradient descent
 * (`'gd'`), mini-batch SGD or Adam, L-BFGS, or Newton-CG (the last two reach scikit-learn's optimum).
 */
export type Solver = 'gd' | 'sgd' | 'adam' | 'lbfgs' | 'newton-cg';

/** Options of {@link LogisticRegression} and {@link SoftmaxRegression}. */
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
  /** sgd, adam: epochs without an improvement larger than `tol` before stopping (default 5). */
  nIterNoChange?: number;
  /** L-BFGS memory (default 100, as PyTorch). */
  historySize?: number;
  /**
   * Any loss of @entropic/loss, one made with defineLoss, or a registered name; the model feeds
   * it what its `meta.input` declares (logits, probabilities or log-probabilities). Default:
   * binaryCrossEntropyWithLogits (binary), crossEntropy (softmax).
   */
  loss?: LossSpec;
  /** `'balanced'` (n / (k·count), scikit-learn's rule) or one weight per class. */
  classWeight?: ClassWeight;
  /** SoftmaxRegression: the number of classes (default: the largest label + 1). */
  numClasses?: number;
}

/** Options of `fit` on a linear classifier: callbacks and per-sample weights. */
export interface LinearFitOptions {
  /** Called after every iteration/epoch; return false to stop. */
  onEpoch?: OnEpoch;
  /** Receives each warning (they are also in `warnings`). Default: none. */
  onWarning?: OnWarning;
  /** One weight per sample (≥ 0), as scikit-learn's `sample_weight`. */
  sampleWeight?: VectorLike;
}

const SOLVERS = ['gd', 'sgd', 'adam', 'lbfgs', 'newton-cg'] as const;
const DEFAULT_LR: Record<Solver, number> = { gd: 0.1, sgd: 0.01, adam: 1e-3, lbfgs: 1, 'newton-cg': 1 };
const positiveInt = () => opt.number({ integer: true, min: 1 });

const MODEL_OPTIONS = {
  l2: opt.number({ min: 0 }),
  fitIntercept: opt.boolean(),
  solver: opt.oneOf(SOLVERS),
  lr: opt.number({ gt: 0 }),
  maxIter: positiveInt(),
  tol: opt.number({ min: 0 }),
  batchSize: positiveInt(),
  seed: seedOption,
  nIterNoChange: positiveInt(),
  historySize: positiveInt(),
  loss: opt.custom('a loss function or a registered loss name', (v): v is LossSpec => typeof v === 'function' || typeof v === 'string'),
  classWeight: opt.custom("'balanced' or one weight per class (number[])", isClassWeight),
  numClasses: opt.number({ integer: true, min: 2 }),
};

const FIT_OPTIONS = {
  onEpoch: opt.function<OnEpoch>(),
  onWarning: opt.function<OnWarning>(),
  sampleWeight: opt.custom('one weight per sample (a Tensor [n], number[] or typed array)', (v): v is VectorLike => v instanceof Tensor || Array.isArray(v) || ArrayBuffer.isView(v)),
};

const MODEL_NAMES_ELSEWHERE = { epochs: 'maxIter', patience: 'nIterNoChange', earlyStopping: 'nIterNoChange', minDelta: 'tol' };

abstract class LinearClassifier extends LinearEstimator {
  /** The class name, in error messages. */
  protected abstract override readonly kind: 'LogisticRegression' | 'SoftmaxRegression';
  /** Softmax over K classes (true) or one logistic output (false). */
  protected abstract readonly multinomial: boolean;
  /** The options as given (frozen). */
  readonly options: Readonly<LinearModelOptions>;
  /** Objective per iteration (gd, lbfgs) or epoch (sgd, adam) of the last fit. */
  history: number[] = [];
  /** Iterations (gd, lbfgs, newton-cg) or epochs (sgd, adam) the last fit ran. */
  nIter = 0;
  /** Whether the last fit met its convergence test (see `warnings` when not). */
  converged = false;
  /** Convergence warnings of the last fit, as scikit-learn's `ConvergenceWarning`. */
  warnings: TrainingWarning[] = [];
  /** The number of classes of the fitted model (2 for a binary one). */
  protected numClasses = 0;

  constructor(opts: LinearModelOptions = {}) {
    super();
    const fn = new.target.name;
    checkNamesElsewhere(fn, opts, MODEL_NAMES_ELSEWHERE, Object.keys(MODEL_OPTIONS));
    const o = parseOptions(fn, opts, MODEL_OPTIONS);
    if (o.loss !== undefined) resolveLoss(fn, o.loss);
    const given: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) given[k] = v;
    this.options = Object.freeze(given) as Readonly<LinearModelOptions>;
  }

  /** Binary models show one column squeezed: coef [d], intercept [], logits [n]. */
  protected get wide(): boolean {
    return this.multinomial;
  }

  /**
   * Logits: [n] (binary) or [n, K], recorded for autodiff (the model is a Module: it can sit in
   * a `Sequential` or be trained further by `fit`). An unfitted binary model starts from zero
   * coefficients on first use; a softmax one needs `numClasses` for that.
   */
  forward(x: Tensor): Tensor {
    if (this.layer === null) {
      const k = this.multinomial ? this.options.numClasses : 1;
      if (k === undefined) throw new EntropicError('STATE', `${this.kind}.forward`, 'the number of classes is not known before fit; call fit(X, y) first or pass { numClasses }');
      this.setLayer(this.zeroLayer(x.shape[1]!, k, x.dtype as 'float32' | 'float64'));
      this.numClasses = this.multinomial ? k : 2;
    }
    const z = this.layer!.forward(x);
    return this.multinomial ? z : reshape(z, [x.shape[0]!]);
  }

  private zeroLayer(d: number, k: number, dtype: 'float32' | 'float64'): Linear {
    const layer = new Linear(d, k, { bias: this.options.fitIntercept ?? true, dtype, seed: 0 });
    for (const p of layer.parameters()) p.data.fill(0);
    return layer;
  }

  /** Logits: [n] (binary) or [n, K]. */
  decisionFunction(X: MatrixLike): Tensor {
    return this.outputs('decisionFunction', X);
  }

  /** P(y = 1) as [n] (binary) or class probabilities [n, K]. */
  predictProba(X: MatrixLike): Tensor {
    return probabilitiesFromLogits(this.decisionFunction(X));
  }

  /** Class indices (int32 [n]): z > 0 (binary) or the first arg max (softmax), as scikit-learn. */
  predict(X: MatrixLike): Tensor {
    return classesFromLogits(this.decisionFunction(X));
  }

  /** Accuracy on (X, y). */
  score(X: MatrixLike, y: VectorLike): number {
    return accuracy(y, this.predict(X));
  }

  /** The training objective (mean loss + l2 term) at the current parameters. */
  objective(X: MatrixLike, y: VectorLike, opts: { sampleWeight?: VectorLike } = {}): number {
    const fn = `${this.kind}.objective`;
    const layer = this.fitted('objective');
    const { sampleWeight } = parseOptions(fn, opts, { sampleWeight: FIT_OPTIONS.sampleWeight });
    const x = toMatrix(fn, X);
    checkFeatures(fn, x, layer.inFeatures);
    const problem = this.problem(fn, x, y, sampleWeight, this.numClasses);
    return noGrad(() => problem.objective(problem.data).item());
  }

  /** The data, loss and objective of a fit (or of `objective`) on (x, y). */
  private problem(fn: string, x: Tensor, y: VectorLike, sampleWeight: VectorLike | undefined, numClasses: number | undefined) {
    const n = x.shape[0]!;
    const dtype = x.dtype as 'float32' | 'float64';
    const labels = toLabels(fn, y, n, this.multinomial ? numClasses : 2);
    let k = 2;
    if (this.multinomial) {
      if (numClasses !== undefined) k = numClasses;
      else {
        let maxLabel = 0;
        for (let i = 0; i < n; i++) maxLabel = Math.max(maxLabel, labels[i]!);
        if (maxLabel < 1) throw new EntropicError('VALUE', fn, 'expected at least 2 classes in y (labels 0…K−1), got only class 0');
        k = maxLabel + 1;
      }
    }
    const loss: ResolvedLoss = resolveLoss(fn, this.options.loss ?? (this.multinomial ? 'crossEntropy' : 'binaryCrossEntropyWithLogits'));
    const head = headFor(loss.meta, this.multinomial);
    const data: TrainingBatch = {
      x,
      y: targetsFor(loss.meta, this.multinomial, labels, k, dtype),
      weight: sampleWeights(fn, n, dtype, sampleWeight, this.options.classWeight, labels, k),
    };
    const l2 = this.options.l2 ?? 0;
    // The default binary loss on logits: loss and gradient in one pass over the batch.
    const fused = !this.multinomial && loss.fn === binaryCrossEntropyWithLogits;
    const objective = (batch: TrainingBatch): Tensor => {
      if (fused) {
        if (this.layer === null) this.forward(batch.x); // an unfitted model starts from zero coefficients
        const { weight, bias } = this.layer!;
        const value = logisticLoss(batch.x, weight, bias, batch.y, batch.weight);
        return l2 > 0 ? add(value, mul(sum(mul(weight, weight)), l2 / 2)) : value;
      }
      const input = head(this.forward(batch.x));
      const value = wrapErrors(fn, () => (batch.weight === null ? loss.fn(input, batch.y) : weightedMean(fn, loss.fn(input, batch.y, { reduction: 'none' }), batch.weight)),
        `the loss ${loss.name ?? '(a function)'} failed on the model's ${loss.meta?.input ?? 'logits'} (a Tensor of shape [${input.shape.join(', ')}]); declare what it takes with defineLoss's meta option: `);
      const w = this.layer!.weight;
      return l2 > 0 ? add(value, mul(sum(mul(w, w)), l2 / 2)) : value;
    };
    return { data, objective, k };
  }

  /** Fits from zero coefficients (as scikit-learn), replacing any previous fit; on failure the previous fit stays. */
  fit(X: MatrixLike, y: VectorLike, opts: LinearFitOptions = {}): this {
    const fn = `${this.kind}.fit`;
    const f = parseOptions(fn, opts, FIT_OPTIONS);
    const x = toMatrix(fn, X);
    const [n, d] = x.shape as [number, number];
    const previous = { layer: this.layer, numClasses: this.numClasses, history: this.history, nIter: this.nIter, converged: this.converged, warnings: this.warnings };
    const o = this.options;
    const solver = o.solver ?? 'gd';
    const dtype = x.dtype as 'float32' | 'float64';
    const miniBatch = solver === 'sgd' || solver === 'adam';
    const problem = this.problem(fn, x, y, f.sampleWeight, o.numClasses);
    const layer = this.zeroLayer(d, this.multinomial ? problem.k : 1, dtype);
    this.setLayer(layer);
    this.numClasses = problem.k;
    const lr = o.lr ?? DEFAULT_LR[solver];
    const maxIter = o.maxIter ?? (miniBatch ? 100 : 1000);
    const tol = o.tol ?? (miniBatch ? 1e-4 : dtype === 'float64' ? 1e-8 : 1e-5);
    const params = layer.parameters();
    // L-BFGS one iteration per step, so every iteration is reported and the stopping test is
    // ours (max|∇f| ≤ tol where the step starts). A small change in the loss is deliberately
    // not a reason to stop (toleranceChange = 0): near the optimum the loss changes by ~|∇f|²,
    // far below what float64 resolves of the loss itself.
    // Newton-CG likewise one Newton step per iteration (its Hessian-vector products come from
    // autodiff through the objective, whatever the loss).
    const optimizer = wrapErrors(fn, () => solver === 'lbfgs'
      ? getOptimizer('lbfgs')(params, { lr, maxIter: 1, historySize: o.historySize ?? 100, lineSearch: 'strongWolfe', toleranceGrad: tol, toleranceChange: 0 })
      : solver === 'newton-cg' ? getOptimizer('newton-cg')(params, { lr, maxIter: 1, tol })
        : getOptimizer(solver)(params, { lr }));
    const callbacks: TrainingCallback[] = [];
    if (f.onEpoch !== undefined) callbacks.push(progress(f.onEpoch));
    const nIterNoChange = o.nIterNoChange ?? 5;
    callbacks.push(miniBatch
      ? plateau({
        monitor: (info) => info.loss, label: 'the training loss', patience: nIterNoChange, minDelta: tol, restoreBest: false, requireSteady: true,
        exhausted: `did not converge: stopped at maxIter = ${maxIter} epochs while the loss was still improving by more than tol ${tol}; raise maxIter`,
      })
      : gradientTolerance(tol));
    try {
      const result = runTraining({
        fn,
        params,
        data: problem.data,
        objective: problem.objective,
        optimizer,
        epochs: maxIter,
        batching: miniBatch ? { batchSize: Math.min(o.batchSize ?? 32, n), shuffle: true, seed: o.seed ?? randomSeed() } : null,
        clip: null,
        callbacks,
        onWarning: f.onWarning ?? null,
        restoreOptimizer: false,
      });
      this.history = result.losses;
      this.nIter = result.epochs;
      this.converged = result.converged;
      this.warnings = result.warnings;
    } catch (e) {
      this.setLayer(previous.layer);
      Object.assign(this, { numClasses: previous.numClasses, history: previous.history, nIter: previous.nIter, converged: previous.converged, warnings: previous.warnings });
      throw e;
    }
    return this;
  }

  /** The options, with a loss function saved by its registered name (an unregistered one is left out, with a warning). */
  override getConfig(): unknown[] {
    const options: Record<string, unknown> = { ...this.options };
    const loss = options.loss;
    if (typeof loss === 'function') {
      const name = lossName(loss as never);
      if (name !== null) options.loss = name;
      else {
        delete options.loss;
        warnWhileSaving(`${this.kind}: its loss is a function that is not registered, so it is not saved (a loaded model refits with the default loss); register it with registerLoss or defineLoss({ name }) to save it by name`);
      }
    }
    return [options];
  }

  override getExtraState(): unknown {
    if (this.layer === null) return undefined;
    return {
      nFeatures: this.layer.inFeatures, numClasses: this.numClasses, dtype: this.layer.weight.dtype,
      history: this.history.slice(), nIter: this.nIter, converged: this.converged,
    };
  }

  override setExtraState(state: unknown): void {
    const fn = `${this.kind}.setExtraState`;
    const s = state as Record<string, unknown>;
    if (s === null || typeof s !== 'object') throw new EntropicError('FORMAT', fn, `expected { nFeatures, numClasses, dtype, history, nIter, converged }, got ${describeValue(state)}`);
    const field = <T>(name: string, ok: (v: unknown) => v is T, what: string): T => {
      const v = s[name];
      if (!ok(v)) throw new EntropicError('FORMAT', fn, `expected '${name}' to be ${what}, got ${describeValue(v)}`);
      return v;
    };
    const isInt = (min: number) => (v: unknown): v is number => Number.isInteger(v) && (v as number) >= min;
    const d = field('nFeatures', isInt(1), 'a positive integer');
    const numClasses = field('numClasses', (v): v is number => Number.isInteger(v) && (this.multinomial ? (v as number) >= 2 : v === 2), this.multinomial ? 'an integer >= 2' : '2');
    const dtype = field('dtype', (v): v is 'float32' | 'float64' => v === 'float32' || v === 'float64', "'float32' or 'float64'");
    const history = field('history', (v): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)), 'an array of finite numbers');
    const nIter = field('nIter', isInt(0), 'a non-negative integer');
    const converged = field('converged', (v): v is boolean => typeof v === 'boolean', 'true or false');
    this.setLayer(this.zeroLayer(d, this.multinomial ? numClasses : 1, dtype));
    Object.assign(this, { numClasses, history: history.slice(), nIter, converged, warnings: [] });
  }
}

/** Binary logistic regression: P(y = 1 | x) = σ(w·x + b). Labels 0/1. */
export class LogisticRegression extends LinearClassifier {
  protected readonly kind = 'LogisticRegression';
  protected readonly multinomial = false;
}

/** Multinomial logistic regression: P(y = c | x) = softmax(W·x + b)_c. Labels 0…K−1. */
export class SoftmaxRegression extends LinearClassifier {
  protected readonly kind = 'SoftmaxRegression';
  protected readonly multinomial = true;
}

registerModuleClass(LogisticRegression, 'LogisticRegression');
registerModuleClass(SoftmaxRegression, 'SoftmaxRegression');
