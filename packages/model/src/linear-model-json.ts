/** The saved form of LogisticRegression / SoftmaxRegression, written and strictly read back. */
import { Tensor, shapeToString } from '@entropic/core';
import {
  FORMAT, type SavedModel, VERSION, field, numberField, readEnvelope, tensorFromJSON, tensorToJSON,
} from './serialize.js';
import type { LinearModelOptions } from './linear-model.js';

export interface LinearModelState {
  kind: string;
  options: Readonly<LinearModelOptions>;
  /** [K', d], K' = 1 for binary. */
  weight: Tensor;
  bias: Tensor | null;
  numClasses: number;
  history: number[];
  nIter: number;
  converged: boolean;
}

const OPTION_CHECKS: Record<string, (v: unknown) => boolean> = {
  l2: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  fitIntercept: (v) => typeof v === 'boolean',
  solver: (v) => v === 'gd' || v === 'sgd' || v === 'adam' || v === 'lbfgs',
  lr: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
  tol: (v) => typeof v === 'number' && v >= 0,
  maxIter: (v) => Number.isInteger(v) && (v as number) >= 1,
  batchSize: (v) => Number.isInteger(v) && (v as number) >= 1,
  nIterNoChange: (v) => Number.isInteger(v) && (v as number) >= 1,
  historySize: (v) => Number.isInteger(v) && (v as number) >= 1,
  seed: (v) => Number.isSafeInteger(v),
  loss: (v) => typeof v === 'string',
};

export function writeLinearModel(s: LinearModelState, multinomial: boolean): SavedModel {
  const [k, d] = s.weight.shape as [number, number];
  const options: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(s.options)) {
    // A loss given as a function cannot be saved; a loaded model then refits with the default loss.
    if (v !== undefined && typeof v !== 'function') options[key] = v;
  }
  const coef = Tensor.fromData(s.weight.data, multinomial ? [k, d] : [d]);
  return {
    format: FORMAT,
    version: VERSION,
    kind: s.kind,
    options,
    numClasses: s.numClasses,
    nFeatures: d,
    coef: tensorToJSON(coef),
    intercept: s.bias === null ? null : tensorToJSON(Tensor.fromData(s.bias.data, multinomial ? [k] : [])),
    history: s.history.slice(),
    nIter: s.nIter,
    converged: s.converged,
  };
}

/** Validates everything, then builds: a bad document throws before any state is created. */
export function readLinearModel(fn: string, json: unknown, kind: string, multinomial: boolean): LinearModelState {
  const o = readEnvelope(fn, json, kind);
  const rawOptions = field(fn, o, 'options');
  if (rawOptions === null || typeof rawOptions !== 'object' || Array.isArray(rawOptions)) {
    throw new Error(`${fn}: field 'options' expected an object, got ${JSON.stringify(rawOptions)}`);
  }
  const options: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(rawOptions as Record<string, unknown>)) {
    const ok = OPTION_CHECKS[key];
    if (ok === undefined) throw new Error(`${fn}: unknown option '${key}'`);
    if (!ok(v)) throw new Error(`${fn}: option '${key}' has an invalid value ${JSON.stringify(v)}`);
    options[key] = v;
  }
  const numClasses = numberField(fn, o, 'numClasses', (v) => Number.isInteger(v) && (multinomial ? v >= 2 : v === 2), multinomial ? 'an integer ≥ 2' : '2');
  const d = numberField(fn, o, 'nFeatures', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const k = multinomial ? numClasses : 1;
  const coef = tensorFromJSON(fn, field(fn, o, 'coef'), 'coef', multinomial ? [k, d] : [d]);
  const rawIntercept = field(fn, o, 'intercept');
  const fitIntercept = (options.fitIntercept ?? true) as boolean;
  if ((rawIntercept === null) === fitIntercept) {
    throw new Error(`${fn}: field 'intercept' is ${rawIntercept === null ? 'null' : 'present'} but fitIntercept is ${fitIntercept}`);
  }
  const intercept = rawIntercept === null ? null : tensorFromJSON(fn, rawIntercept, 'intercept', multinomial ? [k] : []);
  if (intercept !== null && intercept.dtype !== coef.dtype) {
    throw new Error(`${fn}: 'intercept' is ${intercept.dtype} but 'coef' is ${coef.dtype} (shape ${shapeToString(coef.shape)})`);
  }
  const history = field(fn, o, 'history');
  if (!Array.isArray(history) || !history.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`${fn}: field 'history' expected an array of finite numbers`);
  }
  const nIter = numberField(fn, o, 'nIter', (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  const converged = field(fn, o, 'converged');
  if (typeof converged !== 'boolean') throw new Error(`${fn}: field 'converged' expected a boolean, got ${JSON.stringify(converged)}`);
  const weight = Tensor.fromData(coef.data, [k, d], { requiresGrad: true });
  const bias = intercept === null ? null : Tensor.fromData(intercept.data, [k], { requiresGrad: true });
  return { kind, options: options as LinearModelOptions, weight, bias, numClasses, history: history as number[], nIter, converged };
}
