/** `StandardScaler`: scikit-learn's, on Tensors. */
import { EntropicError, type Tensor, describeValue, opt, parseOptions, shapeToString } from '@entropic/core';
import { columnStats } from './stats.js';
import { type TypedArray, checkTensor, wrap } from './tensors.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the column means (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviations (default true). */
  withStd?: boolean;
}

/** `StandardScaler.toJSON()` output. */
export interface StandardScalerJSON {
  /** Identifies the saved object. */
  kind: 'StandardScaler';
  /** Format version of the saved object. */
  version: 1;
  /** The `withMean` option. */
  withMean: boolean;
  /** The `withStd` option. */
  withStd: boolean;
  /** The number of rows the statistics were computed on. */
  nSamplesSeen: number;
  /** Column means. */
  mean: number[];
  /** Column variances (population, ddof = 0). */
  var: number[];
  /**
   * What `transform` divides by (the standard deviations, 1 for constant columns); null without `withStd`.
   */
  scale: number[] | null;
}

/**
 * Standardizes features column by column: `z = (x − mean) / std`, with the **population**
 * standard deviation (ddof = 0) and constant columns divided by 1, exactly as scikit-learn's
 * `StandardScaler` (same float64 arithmetic, so its results match scikit-learn bit for bit).
 * Statistics are float64; `transform` returns X's dtype (float64 for int32 input).
 *
 * ```ts
 * const scaler = new StandardScaler();
 * const Ztrain = scaler.fitTransform(Xtrain);
 * const Ztest = scaler.transform(Xtest);
 * ```
 */
export class StandardScaler {
  /** Whether `transform` subtracts the column means. */
  readonly withMean: boolean;
  /** Whether `transform` divides by the column standard deviations. */
  readonly withStd: boolean;
  private _mean: Float64Array | null = null;
  private _var: Float64Array | null = null;
  private _scale: Float64Array | null = null;
  private _n = 0;

  constructor(opts: StandardScalerOptions = {}) {
    const o = parseOptions('StandardScaler', opts, { withMean: opt.boolean({ default: true }), withStd: opt.boolean({ default: true }) });
    this.withMean = o.withMean;
    this.withStd = o.withStd;
  }

  /** Whether `fit` has run. */
  get fitted(): boolean {
    return this._mean !== null;
  }

  /** Column means, float64 `[d]` (scikit-learn's `mean_`); null before `fit`. */
  get mean(): Tensor | null {
    return this._mean && wrap(this._mean.slice(), [this._mean.length]);
  }

  /** Column population variances, float64 `[d]` (`var_`); null before `fit`. */
  get var(): Tensor | null {
    return this._var && wrap(this._var.slice(), [this._var.length]);
  }

  /** Divisors: standard deviations with 1 for constant columns, float64 `[d]` (`scale_`); null before `fit` or with `withStd: false`. */
  get scale(): Tensor | null {
    return this._scale && wrap(this._scale.slice(), [this._scale.length]);
  }

  /** Number of rows seen by `fit` (`n_samples_seen_`). */
  get nSamplesSeen(): number {
    return this._n;
  }

  /** Computes the column statistics of `X` `[n, d]` (n ≥ 1). Returns `this`. */
  fit(X: Tensor): this {
    const x = checkTensor('StandardScaler.fit', 'X', X, { ndim: 2 });
    const [n, d] = x.shape as [number, number];
    if (n === 0) throw new EntropicError('SHAPE', 'StandardScaler.fit', `expected at least one row in X, got shape ${shapeToString(x.shape)}`);
    const s = columnStats(x.data as TypedArray, n, d);
    this._mean = s.mean;
    this._var = s.var;
    this._scale = this.withStd ? s.scale : null;
    this._n = n;
    return this;
  }

  /** `(X − mean) / scale`, a new Tensor of X's dtype (float64 for int32 X). */
  transform(X: Tensor): Tensor {
    return this.apply('StandardScaler.transform', X, false);
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Tensor): Tensor {
    return this.fit(X).transform(X);
  }

  /** Undoes `transform`: `Z · scale + mean`. */
  inverseTransform(Z: Tensor): Tensor {
    return this.apply('StandardScaler.inverseTransform', Z, true);
  }

  private apply(fn: string, X: Tensor, inverse: boolean): Tensor {
    const x = checkTensor(fn, 'X', X, { ndim: 2 });
    if (this._mean === null) throw new EntropicError('STATE', fn, 'this StandardScaler is not fitted yet; call fit(X) first');
    const d = this._mean.length;
    const [n, dx] = x.shape as [number, number];
    if (dx !== d) {
      throw new EntropicError('SHAPE', fn, `expected X with ${d} features (the scaler was fitted on ${d}), got shape ${shapeToString(x.shape)}`);
    }
    const src = x.data as TypedArray;
    const f32 = x.dtype === 'float32';
    const out = f32 ? new Float32Array(n * d) : new Float64Array(n * d);
    const mean = this.withMean ? this._mean : null;
    const scale = this._scale;
    // float32 data: round after each step, as numpy's in-place `X -= mean; X /= scale` does.
    const r = f32 ? Math.fround : (v: number) => v;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) {
        let v = src[o + j]!;
        if (inverse) {
          if (scale) v = r(v * scale[j]!);
          if (mean) v = r(v + mean[j]!);
        } else {
          if (mean) v = r(v - mean[j]!);
          if (scale) v = r(v / scale[j]!);
        }
        out[o + j] = v;
      }
    }
    return wrap(out, [n, d]);
  }

  /** The fitted state as plain JSON-able data. */
  toJSON(): StandardScalerJSON {
    if (this._mean === null || this._var === null) {
      throw new EntropicError('STATE', 'StandardScaler.toJSON', 'this StandardScaler is not fitted yet; call fit(X) first');
    }
    return {
      kind: 'StandardScaler',
      version: 1,
      withMean: this.withMean,
      withStd: this.withStd,
      nSamplesSeen: this._n,
      mean: [...this._mean],
      var: [...this._var],
      scale: this._scale ? [...this._scale] : null,
    };
  }

  /** Restores a scaler from `toJSON()` output (the object or its JSON text). */
  static fromJSON(json: StandardScalerJSON | string): StandardScaler {
    const fn = 'StandardScaler.fromJSON';
    let o: unknown = json;
    if (typeof json === 'string') {
      try {
        o = JSON.parse(json);
      } catch (e) {
        throw new EntropicError('FORMAT', fn, `not valid JSON: ${(e as Error).message}`, { cause: e });
      }
    }
    const j = o as Partial<StandardScalerJSON> | null;
    if (typeof j !== 'object' || j === null || j.kind !== 'StandardScaler') {
      throw new EntropicError('FORMAT', fn, `expected the output of StandardScaler.toJSON(), got ${describeValue(o)}`);
    }
    if (j.version !== 1) throw new EntropicError('FORMAT', fn, `unknown version ${describeValue(j.version)} (this build reads version 1)`);
    const isNums = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === 'number');
    if (!isNums(j.mean) || !isNums(j.var) || !(j.scale === null || isNums(j.scale))) {
      throw new EntropicError('FORMAT', fn, 'expected mean, var and scale to be arrays of numbers (scale may be null)');
    }
    const d = j.mean.length;
    if (j.var.length !== d || (j.scale !== null && j.scale.length !== d)) {
      throw new EntropicError('FORMAT', fn, `expected mean, var and scale of the same length, got ${d}, ${j.var.length} and ${j.scale?.length ?? 'null'}`);
    }
    const withStd = j.withStd ?? true;
    if (withStd !== (j.scale !== null)) {
      throw new EntropicError('FORMAT', fn, `withStd is ${withStd} but scale is ${j.scale === null ? 'null' : 'given'}`);
    }
    const s = new StandardScaler({ withMean: j.withMean ?? true, withStd });
    s._mean = Float64Array.from(j.mean);
    s._var = Float64Array.from(j.var);
    s._scale = j.scale === null ? null : Float64Array.from(j.scale);
    s._n = typeof j.nSamplesSeen === 'number' ? j.nSamplesSeen : 0;
    return s;
  }
}
