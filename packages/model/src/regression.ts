/**
 * LinearRegression and Ridge, exact to scikit-learn: the same centring by (weighted) means,
 * rows scaled by √weight, and the least-squares or ridge solution computed exactly (QR, then
 * an SVD: lstsq.ts). Modules holding one `Linear` layer, as the classifiers.
 */
import { EntropicError, Tensor, describeValue, opt, parseOptions, reshape } from '@entropic/core';
import { type MatrixLike, type VectorLike, toMatrix, toSampleWeight, toVector } from './input.js';
import { Linear } from './linear.js';
import { LinearEstimator } from './linear-estimator.js';
import { r2Score } from './regression-metrics.js';
import { solveLeastSquares } from './lstsq.js';
import { registerModuleClass } from './serialize.js';

/** Options of {@link LinearRegression}. */
export interface LinearRegressionOptions {
  /** Learn an intercept (default true): the data are centred first, as scikit-learn. */
  fitIntercept?: boolean;
}

/** Options of {@link Ridge}. */
export interface RidgeOptions extends LinearRegressionOptions {
  /** The penalty α·‖coef‖² on ‖y − X·coef − b‖² (default 1, as scikit-learn); the intercept is not penalised. */
  alpha?: number;
}

/** Options of `fit` on {@link LinearRegression} and {@link Ridge}. */
export interface RegressionFitOptions {
  /** One weight per sample (≥ 0), as scikit-learn's `sample_weight`. */
  sampleWeight?: VectorLike;
}

type Targets = VectorLike | Tensor | readonly (readonly number[])[];

abstract class LinearRegressor extends LinearEstimator {
  /** The class name, in error messages. */
  protected abstract override readonly kind: 'LinearRegression' | 'Ridge';
  /** The L2 penalty α (0 for ordinary least squares). */
  protected abstract readonly alpha: number;
  /** Whether an intercept is learned. */
  readonly fitIntercept: boolean;
  /** Rank of the centred, weighted X (LinearRegression; Ridge: the number of non-zero singular values). */
  rank = 0;
  /** y was [n, t] (several targets) rather than [n]. */
  private multiOutput = false;

  constructor(fitIntercept: boolean) {
    super();
    this.fitIntercept = fitIntercept;
  }

  /** A target [n] shows one column squeezed: coef [d], intercept [], predictions [n]. */
  protected get wide(): boolean {
    return this.multiOutput;
  }

  /** Predictions [n] (or [n, t]), recorded for autodiff. */
  forward(x: Tensor): Tensor {
    const layer = this.fitted('forward');
    const z = layer.forward(x);
    return this.multiOutput ? z : reshape(z, [x.shape[0]!]);
  }

  /** Predictions [n] (or [n, t]). */
  predict(X: MatrixLike): Tensor {
    return this.outputs('predict', X);
  }

  /** R² of the predictions (scikit-learn's `score`). */
  score(X: MatrixLike, y: Targets, opts: RegressionFitOptions = {}): number {
    return r2Score(y as VectorLike, this.predict(X), opts);
  }

  /** Fits exactly (see the module comment); returns the model. */
  fit(X: MatrixLike, y: Targets, opts: RegressionFitOptions = {}): this {
    const fn = `${this.kind}.fit`;
    const { sampleWeight } = parseOptions(fn, opts, {
      sampleWeight: opt.custom('one weight per sample (a Tensor [n], number[] or typed array)', (v): v is VectorLike => typeof v === 'object' && v !== null),
    });
    const x = toMatrix(fn, X);
    const [n, d] = x.shape as [number, number];
    const yt = y instanceof Tensor && y.ndim === 2 ? y : Array.isArray(y) && Array.isArray(y[0]) ? toMatrix(fn, y as readonly (readonly number[])[], 'y') : null;
    const yv = yt === null ? toVector(fn, y as VectorLike, 'y') : yt.data;
    const t = yt === null ? 1 : yt.shape[1]!;
    if (yv.length !== n * t) throw new EntropicError('SHAPE', fn, `expected y with ${n} rows (one per row of X), got ${yt === null ? yv.length : `shape [${yt.shape.join(', ')}]`}`);
    for (let i = 0; i < yv.length; i++) if (!Number.isFinite(yv[i]!)) throw new EntropicError('NON_FINITE', fn, `expected finite targets, got y = ${yv[i]} at index ${i}`);
    const w = sampleWeight === undefined ? null : toSampleWeight(fn, sampleWeight, n, 'float64').data;
    const xd = x.data;
    // Weighted means (the centring scikit-learn's _preprocess_data does), then rows · √w.
    let wsum = n;
    if (w !== null) {
      wsum = 0;
      for (let i = 0; i < n; i++) wsum += w[i]!;
    }
    const xMean = new Float64Array(d);
    const yMean = new Float64Array(t);
    if (this.fitIntercept) {
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : w[i]!;
        for (let j = 0; j < d; j++) xMean[j] = xMean[j]! + wi * xd[i * d + j]!;
        for (let k = 0; k < t; k++) yMean[k] = yMean[k]! + wi * yv[i * t + k]!;
      }
      for (let j = 0; j < d; j++) xMean[j] = xMean[j]! / wsum;
      for (let k = 0; k < t; k++) yMean[k] = yMean[k]! / wsum;
    }
    const a = Array.from({ length: d }, () => new Float64Array(n));
    const b = Array.from({ length: t }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const s = w === null ? 1 : Math.sqrt(w[i]!);
      for (let j = 0; j < d; j++) a[j]![i] = (xd[i * d + j]! - xMean[j]!) * s;
      for (let k = 0; k < t; k++) b[k]![i] = (yv[i * t + k]! - yMean[k]!) * s;
    }
    const { coef, rank } = solveLeastSquares(a, b, n, this.alpha);
    const layer = new Linear(d, t, { bias: this.fitIntercept, dtype: x.dtype as 'float32' | 'float64', seed: 0 });
    const wd = layer.weight.data;
    for (let k = 0; k < t; k++) for (let j = 0; j < d; j++) wd[k * d + j] = coef[k]![j]!;
    if (layer.bias !== null) {
      // intercept = ȳ − x̄·coef
      for (let k = 0; k < t; k++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += xMean[j]! * coef[k]![j]!;
        layer.bias.data[k] = yMean[k]! - dot;
      }
    }
    this.setLayer(layer);
    this.multiOutput = yt !== null;
    this.rank = rank;
    return this;
  }

  override getExtraState(): unknown {
    if (this.layer === null) return undefined;
    return { nFeatures: this.layer.inFeatures, nTargets: this.multiOutput ? this.layer.outFeatures : 0, dtype: this.layer.weight.dtype, rank: this.rank };
  }

  override setExtraState(state: unknown): void {
    const fn = `${this.kind}.setExtraState`;
    const s = state as Record<string, unknown> | null;
    const int = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
    if (s === null || typeof s !== 'object' || !int(s.nFeatures, 1) || !int(s.nTargets, 0) || !int(s.rank, 0) || (s.dtype !== 'float32' && s.dtype !== 'float64')) {
      throw new EntropicError('FORMAT', fn, `expected { nFeatures, nTargets, dtype, rank }, got ${describeValue(state)}`);
    }
    const t = s.nTargets as number;
    this.setLayer(new Linear(s.nFeatures as number, Math.max(t, 1), { bias: this.fitIntercept, dtype: s.dtype, seed: 0 }));
    this.multiOutput = t > 0;
    this.rank = s.rank as number;
  }
}

/** Ordinary least squares, as scikit-learn's `LinearRegression` (minimum-norm when X is rank-deficient). */
export class LinearRegression extends LinearRegressor {
  protected readonly kind = 'LinearRegression';
  protected readonly alpha = 0;

  constructor(opts: LinearRegressionOptions = {}) {
    const o = parseOptions('LinearRegression', opts, { fitIntercept: opt.boolean({ default: true }) });
    super(o.fitIntercept);
  }

  override getConfig(): unknown[] {
    return [{ fitIntercept: this.fitIntercept }];
  }
}

/** L2-penalised least squares, as scikit-learn's `Ridge`: ‖y − X·coef − b‖² + alpha·‖coef‖². */
export class Ridge extends LinearRegressor {
  protected readonly kind = 'Ridge';
  protected readonly alpha: number;

  constructor(opts: RidgeOptions = {}) {
    const o = parseOptions('Ridge', opts, { fitIntercept: opt.boolean({ default: true }), alpha: opt.number({ gt: 0, default: 1 }) });
    super(o.fitIntercept);
    this.alpha = o.alpha;
  }

  override getConfig(): unknown[] {
    return [{ fitIntercept: this.fitIntercept, alpha: this.alpha }];
  }
}

registerModuleClass(LinearRegression, 'LinearRegression');
registerModuleClass(Ridge, 'Ridge');
