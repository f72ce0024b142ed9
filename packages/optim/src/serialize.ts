/**
 * State dictionaries as plain JSON. Typed arrays become arrays of numbers: JSON writes every
 * float64 with round-trip precision and a float32 value is exactly representable as a float64,
 * so `JSON.parse(JSON.stringify(stateDict()))` restores the same bits. Trap: JSON.stringify
 * writes NaN and ±Infinity as `null`, so non-finite numbers travel as the strings
 * 'NaN' / 'Infinity' / '-Infinity' (the conformance files' convention).
 */
import { EntropicError, type FloatArray, describeValue } from '@entropic/core';
import { isPlainObject } from './validate.js';

/** A value JSON can hold: what optimizer and schedule states are made of. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What every optimizer's `stateDict()` returns (PyTorch's layout, camelCase). */
export interface OptimizerStateDict {
  /** The optimizer's class name: a state is only loaded into the same kind of optimizer. */
  optimizer: string;
  /** Per-parameter state, keyed by the parameter's position over all groups ('0', '1', …). */
  state: { [index: string]: { [field: string]: JsonValue } };
  /** Each group's options, with `params` the positions of its parameters. */
  paramGroups: ({
    /** Positions of the group's parameters (over all groups, in order). */
    params: number[];
  } & { [option: string]: JsonValue })[];
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
  throw new EntropicError('FORMAT', fn, `expected a number at ${where}, got ${describeValue(v)}`);
}

export function encodeArray(a: ArrayLike<number>): (number | string)[] {
  const out = new Array<number | string>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = encodeNumber(a[i]!);
  return out;
}

/** A typed array like `like` (same element type) holding `v`, which must have `length` entries. */
export function decodeArray(fn: string, where: string, v: unknown, like: FloatArray, length: number): FloatArray {
  if (!Array.isArray(v)) throw new EntropicError('FORMAT', fn, `expected an array of ${length} numbers at ${where}, got ${describeValue(v)}`);
  if (v.length !== length) throw new EntropicError('FORMAT', fn, `expected ${length} numbers at ${where}, got ${v.length}`);
  const out = like instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = decodeNumber(fn, `${where}[${i}]`, v[i]);
  return out;
}

/** A state dict given as an object or as its JSON text, parsed (code FORMAT when the text is not JSON). */
export function parseStateJson(fn: string, sd: unknown): unknown {
  if (typeof sd !== 'string') return sd;
  try {
    return JSON.parse(sd);
  } catch (e) {
    throw new EntropicError('FORMAT', fn, `expected a state dict or its JSON text, got text that is not JSON (${(e as Error).message})`, { cause: e });
  }
}

export function checkStateDictShape(fn: string, sd: unknown, optimizer: string): OptimizerStateDict {
  const value = parseStateJson(fn, sd);
  if (!isPlainObject(value)) throw new EntropicError('FORMAT', fn, `expected a state dict { optimizer, state, paramGroups }, got ${describeValue(value)}`);
  if (value.optimizer !== optimizer) {
    throw new EntropicError('FORMAT', fn, `expected a state dict of ${optimizer}, got one of ${describeValue(value.optimizer)}`);
  }
  if (!isPlainObject(value.state)) throw new EntropicError('FORMAT', fn, `expected 'state' to be an object, got ${describeValue(value.state)}`);
  if (!Array.isArray(value.paramGroups)) throw new EntropicError('FORMAT', fn, `expected 'paramGroups' to be an array, got ${describeValue(value.paramGroups)}`);
  return value as unknown as OptimizerStateDict;
}
