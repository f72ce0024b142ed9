/**
 * Argument checks shared by the optimizers and schedules. Each throws
 * `<fn>: expected <what>, got <what came>` before anything changes, so a bad call never leaves
 * a half-updated model behind.
 */
import { Tensor, shapeToString } from '@entropic/core';

export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a ${v.dtype} Tensor of shape ${shapeToString(v.shape)}`;
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor) && !ArrayBuffer.isView(v);
}

/** The options object, refusing names the function does not know (a typo is an error, as a Python kwarg). */
export function checkOptionNames(fn: string, opts: unknown, known: readonly string[], what = 'an options object'): Record<string, unknown> {
  if (opts === undefined) return {};
  if (!isPlainObject(opts)) throw new Error(`${fn}: expected ${what} { ${known.join(', ')} }, got ${describe(opts)}`);
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) throw new Error(`${fn}: unknown option '${key}'; expected one of ${known.join(', ')}`);
  }
  return opts;
}

export function checkNonNegative(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new Error(`${fn}: expected ${name} to be a finite number >= 0, got ${describe(v)}`);
  }
  return v;
}

export function checkPositive(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new Error(`${fn}: expected ${name} to be a finite number > 0, got ${describe(v)}`);
  }
  return v;
}

/** A decay rate in [0, 1): at 1 the running average would never move, and bias correction divides by 0. */
export function checkUnitInterval(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
    throw new Error(`${fn}: expected ${name} in [0, 1), got ${describe(v)}`);
  }
  return v;
}

export function checkPositiveInteger(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new Error(`${fn}: expected ${name} to be an integer >= 1, got ${describe(v)}`);
  }
  return v;
}

export function checkBoolean(fn: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new Error(`${fn}: expected ${name} to be true or false, got ${describe(v)}`);
  return v;
}

/** The learning rate every optimizer takes: PyTorch accepts any float, Entropic refuses NaN, ±∞ and negatives. */
export function checkLr(fn: string, v: unknown): number {
  return checkNonNegative(fn, 'lr', v);
}
