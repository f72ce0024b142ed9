/**
 * Strict options, declared once: every function's trailing options object is checked against a
 * schema that gives each option's default and rule. Unknown names throw, naming the closest known
 * one (a typo must never be ignored, as a Python keyword argument); values of the wrong kind throw
 * with what was expected and what came. One message format for every package:
 *
 *   `SGD: unknown option 'momentun' (did you mean 'momentum'?); known options: lr, momentum, …`
 *   `SGD: expected option 'lr' to be a finite number >= 0, got number NaN`
 */
import { EntropicError, TENSOR_BRAND, describeValue } from './errors.js';

/** One option's rule: what it accepts (for messages), how to check a value, and its default. */
export interface OptionRule<T> {
  /** What the option accepts, as the message says it: `a finite number >= 0`. */
  readonly expected: string;
  /** The value to use, or `INVALID` when it is not acceptable. */
  readonly check: (value: unknown) => T | typeof INVALID;
  /** Used when the option is absent (`undefined`); a required option has `required: true`. */
  readonly default?: T;
  /** Whether leaving the option out is an error. */
  readonly required?: boolean;
}

/** Returned by a rule's `check` for a value it refuses. */
export const INVALID: unique symbol = Symbol('INVALID');

type Base<T> = {
  /** The value used when the option is left out. */
  default?: T;
  /** Refuse a call that leaves the option out. */
  required?: boolean;
};
type Out<T, S> = S extends { default: unknown } ? T : S extends { required: true } ? T : T | undefined;

/**
 * The constraints of {@link opt}`.number`: bounds, integrality, a default, and whether the option is required.
 */
export interface NumberSpec extends Base<number> {
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound. */
  gt?: number;
  /** Exclusive upper bound. */
  lt?: number;
  /** Accept integers only. */
  integer?: boolean;
  /** Allow ±Infinity (NaN is never accepted). Default false. */
  infinite?: boolean;
}

function numberExpected(s: NumberSpec): string {
  const parts: string[] = [];
  if (s.min !== undefined) parts.push(`>= ${s.min}`);
  if (s.gt !== undefined) parts.push(`> ${s.gt}`);
  if (s.max !== undefined) parts.push(`<= ${s.max}`);
  if (s.lt !== undefined) parts.push(`< ${s.lt}`);
  const kind = s.integer ? 'an integer' : s.infinite ? 'a number' : 'a finite number';
  return parts.length > 0 ? `${kind} ${parts.join(' and ')}` : kind;
}

/** Builders for option rules. */
export const opt = {
  /**
   * A number option, with optional bounds (`min`, `max`, `gt`, `lt`), `integer`, `infinite`, `default` and `required`.
   */
  number<S extends NumberSpec>(spec: S = {} as S): OptionRule<Out<number, S>> {
    return {
      expected: numberExpected(spec),
      default: spec.default as Out<number, S>,
      required: spec.required,
      check: (v) => {
        if (typeof v !== 'number' || Number.isNaN(v)) return INVALID;
        if (!spec.infinite && !Number.isFinite(v)) return INVALID;
        if (spec.integer && !Number.isInteger(v)) return INVALID;
        if (spec.min !== undefined && !(v >= spec.min)) return INVALID;
        if (spec.max !== undefined && !(v <= spec.max)) return INVALID;
        if (spec.gt !== undefined && !(v > spec.gt)) return INVALID;
        if (spec.lt !== undefined && !(v < spec.lt)) return INVALID;
        return v as Out<number, S>;
      },
    };
  },
  /** A boolean option, with an optional `default` or `required`. */
  boolean<S extends Base<boolean>>(spec: S = {} as S): OptionRule<Out<boolean, S>> {
    return {
      expected: 'true or false',
      default: spec.default as Out<boolean, S>,
      required: spec.required,
      check: (v) => (typeof v === 'boolean' ? (v as Out<boolean, S>) : INVALID),
    };
  },
  /** An option that takes one of the listed values (strings, numbers or booleans). */
  oneOf<const V extends readonly (string | number | boolean)[], S extends Base<V[number]>>(
    values: V,
    spec: S = {} as S,
  ): OptionRule<Out<V[number], S>> {
    return {
      expected: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
      default: spec.default as Out<V[number], S>,
      required: spec.required,
      check: (v) => (values.includes(v as V[number]) ? (v as Out<V[number], S>) : INVALID),
    };
  },
  /** Any value that passes `test`; `expected` says what that is. */
  custom<T, S extends Base<T> = Base<T>>(expected: string, test: (v: unknown) => v is T, spec: S = {} as S): OptionRule<Out<T, S>> {
    return {
      expected,
      default: spec.default as Out<T, S>,
      required: spec.required,
      check: (v) => (test(v) ? (v as Out<T, S>) : INVALID),
    };
  },
  /** A core Tensor (recognised by brand, so a second copy of core's tensors are accepted too). */
  tensor<S extends Base<never>>(spec: S = {} as S): OptionRule<Out<BrandedTensor, S>> {
    return {
      expected: 'a Tensor',
      required: spec.required,
      check: (v) => (isBranded(v) ? (v as Out<BrandedTensor, S>) : INVALID),
    };
  },
  /**
   * A function option, with an optional `default` or `required`.
   *
   * @typeParam F - the function's type
   */
  function<F extends (...args: never[]) => unknown, S extends Base<F> = Base<F>>(spec: S = {} as S): OptionRule<Out<F, S>> {
    return {
      expected: 'a function',
      default: spec.default as Out<F, S>,
      required: spec.required,
      check: (v) => (typeof v === 'function' ? (v as Out<F, S>) : INVALID),
    };
  },
};

/** The structural view of a Tensor the option layer needs (core's Tensor has the brand). */
export interface BrandedTensor {
  /** The tensor's shape. */
  readonly shape: readonly number[];
  /** The tensor's dtype. */
  readonly dtype: string;
}

function isBranded(v: unknown): v is BrandedTensor {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[TENSOR_BRAND] === true;
}

/** An options declaration: one {@link OptionRule} per option name, as built with {@link opt}. */
export type OptionSchema = Record<string, OptionRule<unknown>>;
/** The options {@link parseOptions} returns for a schema: each key typed by its rule (defaults filled in). */
export type ParsedOptions<S extends OptionSchema> = { [K in keyof S]: S[K] extends OptionRule<infer T> ? T : never };
/** The options object a caller may pass for a schema: every key optional. */
export type OptionsOf<S extends OptionSchema> = { [K in keyof S]?: S[K] extends OptionRule<infer T> ? Exclude<T, undefined> : never };

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    const cur = [i];
    for (let j = 1; j <= bl.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (al[i - 1] === bl[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[bl.length]!;
}

/** The known name closest to `name` when it is plausibly a typo of it (case, a few letters). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** The message for an unknown option name (shared with callers that check names only). */
export function unknownOptionMessage(key: string, known: readonly string[]): string {
  const near = closestName(key, known);
  return `unknown option '${key}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; known options: ${known.length > 0 ? known.join(', ') : 'none'}`;
}

/** What `parseOptions` needs of a schema, worked out once per schema object. */
interface CompiledSchema {
  readonly known: readonly string[];
  /** Every option with its default (or undefined): the starting point of each result. */
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly required: readonly string[];
}

const compiled = new WeakMap<OptionSchema, CompiledSchema>();

function compile(schema: OptionSchema): CompiledSchema {
  let c = compiled.get(schema);
  if (c === undefined) {
    const known = Object.keys(schema);
    const defaults: Record<string, unknown> = {};
    for (const key of known) defaults[key] = schema[key]!.default;
    c = { known, defaults, required: known.filter((key) => schema[key]!.required === true) };
    compiled.set(schema, c);
  }
  return c;
}

/**
 * Checks `opts` against `schema` and returns every option with defaults filled in. Throws an
 * `EntropicError` with code `OPTION` for a non-object, an unknown name, a missing required
 * option or a value its rule refuses.
 *
 * Small ops call this on every call, so it is kept cheap: the schema's names and defaults are
 * worked out once (schemas are module constants), and absent options cost one object copy.
 */
export function parseOptions<S extends OptionSchema>(fn: string, opts: unknown, schema: S): ParsedOptions<S> {
  const c = compile(schema);
  if (opts === undefined || opts === null) {
    if (c.required.length === 0) return { ...c.defaults } as ParsedOptions<S>;
    opts = {};
  }
  if (typeof opts !== 'object' || Array.isArray(opts) || isBranded(opts)) {
    throw new EntropicError('OPTION', fn, `expected an options object { ${c.known.join(', ')} }, got ${describeValue(opts)}`);
  }
  const given = opts as Record<string, unknown>;
  // Passes over the names given (usually one or two), not over every known option; unknown
  // names are reported before any value.
  for (const key in given) {
    if (!Object.hasOwn(schema, key) && Object.hasOwn(given, key)) throw new EntropicError('OPTION', fn, unknownOptionMessage(key, c.known));
  }
  const out: Record<string, unknown> = { ...c.defaults };
  for (const key in given) {
    const v = given[key];
    if (v === undefined || !Object.hasOwn(schema, key)) continue;
    const rule = schema[key]!;
    const checked = rule.check(v);
    if (checked === INVALID) throw new EntropicError('OPTION', fn, `expected option '${key}' to be ${rule.expected}, got ${describeValue(v)}`);
    out[key] = checked;
  }
  for (const key of c.required) {
    if (out[key] === undefined) throw new EntropicError('OPTION', fn, `missing required option '${key}' (${schema[key]!.expected})`);
  }
  return out as ParsedOptions<S>;
}
