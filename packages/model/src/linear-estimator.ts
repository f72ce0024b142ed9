/**
 * What every linear estimator shares: a Module holding one `Linear` layer, made by `fit` (or
 * by loading), with scikit-learn's `coef` and `intercept` views of it. One output column is
 * seen squeezed (`coef` [d], `intercept` [], outputs [n]), as scikit-learn shows it.
 */
import { EntropicError, Tensor, noGrad } from '@entropic/core';
import { type MatrixLike, checkFeatures, toMatrix } from './input.js';
import type { Linear } from './linear.js';
import { Module } from './module.js';

/**
 * What the linear estimators share: a fitted {@link Linear} layer, its coefficients and intercept, and the checks on new data.
 */
export abstract class LinearEstimator extends Module {
  /** The class name in errors (`'LogisticRegression'`). */
  protected abstract readonly kind: string;
  /** The fitted layer (weight [K, d], bias [K] or none); null before fit. */
  protected layer: Linear | null = null;

  /** Whether outputs, `coef` and `intercept` keep their class/target axis (else one column, squeezed). */
  protected abstract get wide(): boolean;

  /** Installs the fitted layer (or none) as the module's `linear` child. */
  protected setLayer(layer: Linear | null): void {
    this.layer = layer;
    this.replaceModule('linear', layer);
  }

  /** The fitted layer; throws `STATE` (naming `what`) before `fit`. */
  protected fitted(what: string): Linear {
    if (this.layer === null) throw new EntropicError('STATE', `${this.kind}.${what}`, 'the model is not fitted; call fit(X, y) first');
    return this.layer;
  }

  /** Coefficients: [d], or [K, d] for K classes or targets; a copy. */
  get coef(): Tensor {
    const w = this.fitted('coef').weight;
    return Tensor.fromData(w.data.slice(), this.wide ? w.shape.slice() : [w.shape[1]!]);
  }

  /** Intercept: [] or [K]; zeros when `fitIntercept` is false. */
  get intercept(): Tensor {
    const layer = this.fitted('intercept');
    const k = layer.outFeatures;
    const data = layer.bias === null ? new (layer.weight.data.constructor as Float64ArrayConstructor)(k) : layer.bias.data.slice();
    return Tensor.fromData(data, this.wide ? [k] : []);
  }

  /** `forward` on X (checked against the fitted number of features), without recording a graph. */
  protected outputs(what: string, X: MatrixLike): Tensor {
    const fn = `${this.kind}.${what}`;
    const layer = this.fitted(what);
    const x = toMatrix(fn, X);
    checkFeatures(fn, x, layer.inFeatures);
    return noGrad(() => this.forward(x));
  }

  /** The number of features the model was fitted on. */
  get nFeatures(): number {
    return this.fitted('nFeatures').inFeatures;
  }
}
