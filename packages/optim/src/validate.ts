/**
 * The option rules the optimizers and schedules share (core's `opt` builders, one message
 * format for every package), and the few argument checks that are not options. Every check
 * runs before anything changes, so a bad call never leaves a half-updated model behind.
 */
import { EntropicError, INVALID, type OptionRule, type Tensor, describeValue, isTensor as isCoreTensor, opt } from '@entropic/core';

/** A core Tensor (core's `isTensor`: tensors of a same-release second copy of core count too). */
export function isTensor(v: unknown): v is Tensor {
  return isCoreTensor(v);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isTensor(v) && !ArrayBuffer.isView(v);
}

/** A learning rate: PyTorch accepts any float, Entropic refuses NaN, ±∞ and negatives. */
export const lrRule = (spec: { default?: number } = {}): OptionRule<number> => opt.number({ min: 0, ...spec }) as OptionRule<number>;

export const nonNegative = (d: number): OptionRule<number> => opt.number({ min: 0, default: d });

export const flag = (d: boolean): OptionRule<boolean> => opt.boolean({ default: d });

/** A decay rate in [0, 1): at 1 a running average never moves, and bias correction divides by 0. */
export function isDecayRate(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v < 1;
}

/** Throws code OPTION in parseOptions' format unless `rule` accepts `value`; returns the value. */
export function checkRule<T>(fn: string, name: string, rule: OptionRule<T>, value: unknown): T {
  const checked = rule.check(value);
  if (checked === INVALID) throw new EntropicError('OPTION', fn, `expected option '${name}' to be ${rule.expected}, got ${describeValue(value)}`);
  return checked;
}

/** `v` as an array of `n` numbers that `rule` accepts: one per parameter group, or a single value for all. */
export function perGroup(fn: string, name: string, v: number | readonly number[], n: number, rule: OptionRule<unknown>): number[] {
  if (!Array.isArray(v)) return new Array<number>(n).fill(checkRule(fn, name, rule, v) as number);
  if (v.length !== n) throw new EntropicError('OPTION', fn, `expected option '${name}' to hold ${n} value(s), one per parameter group, got ${describeValue(v)}`);
  return v.map((x, i) => checkRule(fn, `${name}[${i}]`, rule, x) as number);
}

/** Accepts a number or an array of numbers (per-group values are checked against the groups later). */
export function isNumberOrNumbers(v: unknown): v is number | number[] {
  return typeof v === 'number' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number'));
}
