/**
 * The error family every Entropic package throws. Each carries a stable `code` (tests and user
 * code branch on it, not on the wording), the function or op that refused (`op`), and `cause`
 * when it wraps another error. Messages read `op: expected …, got …`.
 */

export type ErrorCode =
  /** Shapes disagree or a shape is invalid. */
  | 'SHAPE'
  /** A dtype that the function does not accept. */
  | 'DTYPE'
  /** An unknown option name, or an option of the wrong kind or out of range. */
  | 'OPTION'
  /** An argument value out of its domain (a negative count, a label outside [0, 1], …). */
  | 'VALUE'
  /** NaN or ±Infinity where finite numbers are required (inputs, gradients, losses). */
  | 'NON_FINITE'
  /** A file, JSON document or CSV text that cannot be read as what it claims to be. */
  | 'FORMAT'
  /** The object is not in a state that allows the call (predict before fit, stale graph, …). */
  | 'STATE'
  /** A gradient that cannot be computed as asked (e.g. differentiating a non-differentiable backward). */
  | 'AUTOGRAD'
  /** Training diverged or failed to make progress. */
  | 'DIVERGED'
  /** An argument of the wrong kind (a number where a Tensor belongs, …). */
  | 'TYPE';

/** The optional fields of an {@link EntropicError}. */
export interface EntropicErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
}

/** Base class of every error Entropic throws on purpose; `instanceof EntropicError` catches them all. */
export class EntropicError extends Error {
  /**
   * What went wrong, as a stable code to branch on (see {@link ErrorCode}); the message may change between releases, the code does not.
   */
  readonly code: ErrorCode;
  /** The function, op or method that refused, e.g. `'matmul'` or `'LogisticRegression.fit'`. */
  readonly op: string;

  /** `new EntropicError('SHAPE', 'matmul', 'expected …, got …')` → message `matmul: expected …, got …`. */
  constructor(code: ErrorCode, op: string, message: string, opts: EntropicErrorOptions = {}) {
    super(op === '' ? message : `${op}: ${message}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'EntropicError';
    this.code = code;
    this.op = op;
  }
}

/** Whether `e` is an Entropic error (by brand, so errors from a second copy of core count too). */
export function isEntropicError(e: unknown): e is EntropicError {
  return e instanceof EntropicError || (e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && e.name === 'EntropicError');
}

/** Shorthand for `throw new EntropicError(code, op, message)`; typed `never` so control flow narrows. */
export function fail(code: ErrorCode, op: string, message: string, opts?: EntropicErrorOptions): never {
  throw new EntropicError(code, op, message, opts);
}

/** `[2, 3]`: how every message writes a shape. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * How an error message names a value that came: `a float32 Tensor of shape [2, 3]`, `number NaN`,
 * `"sgdd"`, `null`, `an array of length 3`. The one value describer of the project.
 */
export function describeValue(v: unknown): string {
  if (isTensorLike(v)) return `a ${v.dtype} Tensor of shape ${shapeString(v.shape)}`;
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (typeof v === 'function') return 'a function';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** The brand every core Tensor carries (`Symbol.for`, so two installed copies of core recognise each other). */
export const TENSOR_BRAND: unique symbol = Symbol.for('@entropic/core.Tensor') as never;

function isTensorLike(v: unknown): v is { dtype: string; shape: readonly number[] } {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[TENSOR_BRAND] === true;
}
