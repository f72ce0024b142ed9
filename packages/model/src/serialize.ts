/**
 * Versioned JSON for saved models. Every reader validates the whole document (format, version,
 * kind, fields, shapes, finiteness) before building anything, so a truncated or foreign file
 * throws a clear error and nothing is half-loaded.
 */
import { Tensor, isFloat, shapeToString } from '@entropic/core';
import type { StateDict } from './module.js';

/** The `format` tag of every saved model. */
export const FORMAT = 'entropic-model';
/** The only version this release reads and writes. */
export const VERSION = 1;

export interface TensorJSON {
  shape: number[];
  dtype: 'float32' | 'float64';
  /** Row-major values; JSON numbers round-trip doubles exactly (float32 values too). */
  data: number[];
}

export interface SavedModel {
  format: typeof FORMAT;
  version: typeof VERSION;
  kind: string;
  [field: string]: unknown;
}

export function tensorToJSON(t: Tensor): TensorJSON {
  if (!isFloat(t.dtype)) throw new Error(`toJSON: expected a float tensor, got ${t.dtype} of shape ${shapeToString(t.shape)}`);
  return { shape: t.shape.slice(), dtype: t.dtype, data: Array.from(t.data) };
}

function what(v: unknown): string {
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return v === null ? 'null' : typeof v;
}

/** Parses text (or takes an object) and checks format, version and kind. */
export function readEnvelope(fn: string, json: unknown, kind: string): Record<string, unknown> {
  let doc = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      throw new Error(`${fn}: the JSON text does not parse (truncated or corrupted?): ${(e as Error).message}`);
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${fn}: expected a saved-model object or its JSON text, got ${what(doc)}`);
  const o = doc as Record<string, unknown>;
  if (o.format !== FORMAT) throw new Error(`${fn}: expected format '${FORMAT}', got ${JSON.stringify(o.format)}`);
  if (o.version !== VERSION) throw new Error(`${fn}: unsupported version ${JSON.stringify(o.version)}; this release reads version ${VERSION}`);
  if (o.kind !== kind) throw new Error(`${fn}: expected a saved ${kind}, got kind ${JSON.stringify(o.kind)}`);
  return o;
}

export function field(fn: string, o: Record<string, unknown>, name: string): unknown {
  if (!(name in o) || o[name] === undefined) throw new Error(`${fn}: missing field '${name}'`);
  return o[name];
}

export function numberField(fn: string, o: Record<string, unknown>, name: string, check: (v: number) => boolean, expected: string): number {
  const v = field(fn, o, name);
  if (typeof v !== 'number' || !check(v)) throw new Error(`${fn}: field '${name}' expected ${expected}, got ${JSON.stringify(v)}`);
  return v;
}

/** A tensor from its JSON form; `shape` (if given) must match exactly. Values must be finite. */
export function tensorFromJSON(fn: string, v: unknown, name: string, shape?: readonly number[]): Tensor {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${fn}: '${name}' expected {shape, dtype, data}, got ${what(v)}`);
  const o = v as Record<string, unknown>;
  const s = o.shape;
  if (!Array.isArray(s) || !s.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${fn}: '${name}.shape' expected non-negative integers, got ${JSON.stringify(s)}`);
  if (o.dtype !== 'float32' && o.dtype !== 'float64') throw new Error(`${fn}: '${name}.dtype' expected 'float32' or 'float64', got ${JSON.stringify(o.dtype)}`);
  if (shape !== undefined && (s.length !== shape.length || s.some((d, i) => d !== shape[i]))) {
    throw new Error(`${fn}: '${name}' expected shape ${shapeToString(shape)}, got ${shapeToString(s as number[])}`);
  }
  const data = o.data;
  const size = (s as number[]).reduce((p, d) => p * d, 1);
  if (!Array.isArray(data) || data.length !== size) {
    throw new Error(`${fn}: '${name}.data' expected ${size} numbers for shape ${shapeToString(s as number[])}, got ${what(data)}`);
  }
  const out = o.dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const x = data[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${fn}: '${name}.data[${i}]' expected a finite number, got ${JSON.stringify(x)}`);
    out[i] = x;
  }
  return Tensor.fromData(out, (s as number[]).slice());
}

export function stateToJSON(state: StateDict): Record<string, TensorJSON> {
  const out: Record<string, TensorJSON> = {};
  for (const [k, t] of Object.entries(state)) out[k] = tensorToJSON(t);
  return out;
}

export function stateFromJSON(fn: string, v: unknown): StateDict {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${fn}: 'state' expected an object of tensors, got ${what(v)}`);
  const out: StateDict = {};
  for (const [k, t] of Object.entries(v as Record<string, unknown>)) out[k] = tensorFromJSON(fn, t, `state.${k}`);
  return out;
}
