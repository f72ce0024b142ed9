/**
 * State dictionaries as plain JSON. Typed arrays become arrays of numbers: JSON writes every
 * float64 with round-trip precision and a float32 value is exactly representable as a float64,
 * so `JSON.parse(JSON.stringify(stateDict()))` restores the same bits. Trap: JSON.stringify
 * writes NaN and ±Infinity as `null`, so non-finite numbers travel as the strings
 * 'NaN' / 'Infinity' / '-Infinity' (the conformance files' convention).
 */
import type { FloatArray } from '@entropic/core';
import { describe, isPlainObject } from './validate.js';

export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What every optimizer's `stateDict()` returns (PyTorch's layout, camelCase). */
export interface OptimizerStateDict {
  /** The optimizer's class name: a state is only loaded into the same kind of optimizer. */
  optimizer: string;
  /** Per-parameter state, keyed by the parameter's position over all groups ('0', '1', …). */
  state: { [index: string]: { [field: string]: JsonValue } };
  /** Each group's options, with `params` the positions of its parameters. */
  paramGroups: ({ params: number[] } & { [option: string]: JsonValue })[];
}

export function encodeNumber(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(fn: string, where: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new Error(`${fn}: expected a number at ${where}, got ${describe(v)}`);
}

export function encodeArray(a: ArrayLike<number>): (number | string)[] {
  const out = new Array<number | string>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = encodeNumber(a[i]!);
  return out;
}

/** A typed array like `like` (same element type) holding `v`, which must have `length` entries. */
export function decodeArray(fn: string, where: string, v: unknown, like: FloatArray, length: number): FloatArray {
  if (!Array.isArray(v)) throw new Error(`${fn}: expected an array of ${length} numbers at ${where}, got ${describe(v)}`);
  if (v.length !== length) throw new Error(`${fn}: expected ${length} numbers at ${where}, got ${v.length}`);
  const out = like instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = decodeNumber(fn, `${where}[${i}]`, v[i]);
  return out;
}

export function checkStateDictShape(fn: string, sd: unknown, optimizer: string): OptimizerStateDict {
  let value = sd;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new Error(`${fn}: expected a state dict or its JSON text, got text that is not JSON (${(e as Error).message})`);
    }
  }
  if (!isPlainObject(value)) throw new Error(`${fn}: expected a state dict { optimizer, state, paramGroups }, got ${describe(value)}`);
  if (value.optimizer !== optimizer) {
    throw new Error(`${fn}: expected a state dict of ${optimizer}, got one of ${describe(value.optimizer)}`);
  }
  if (!isPlainObject(value.state)) throw new Error(`${fn}: expected 'state' to be an object, got ${describe(value.state)}`);
  if (!Array.isArray(value.paramGroups)) throw new Error(`${fn}: expected 'paramGroups' to be an array, got ${describe(value.paramGroups)}`);
  return value as unknown as OptimizerStateDict;
}
