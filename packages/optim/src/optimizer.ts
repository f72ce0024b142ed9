/**
 * The base every optimizer shares, as torch.optim.Optimizer: parameter groups with their own
 * options, a settable `lr`, `zeroGrad()`, per-parameter state and `stateDict()` /
 * `loadStateDict()`. The update rules themselves are pure functions over typed arrays (sgd.ts,
 * adam.ts, …); the classes only hold the state between steps.
 */
import { EntropicError, type FloatArray, INVALID, type OptionRule, type OptionSchema, type Tensor, backend, describeValue, opt, parseOptions, shapeString, unknownOptionMessage } from '@entropic/core';
import { type JsonValue, type OptimizerStateDict, checkStateDictShape } from './serialize.js';
import { checkRule, isPlainObject, isTensor, lrRule } from './validate.js';

/** Options every optimizer has. */
export interface BaseOptions {
  /** The learning rate. */
  lr: number;
}

/** A group as the optimizer holds it: its parameters and its (mutable) options. */
export type ParamGroup<O> = O & {
  /** The group's parameters. */
  params: Tensor[];
};

/** A group as the caller gives it: `{ params, lr?, … }`, options missing from it take the optimizer's. */
export type ParamGroupSpec<O> = Partial<O> & {
  /** The group's parameters. */
  params: readonly Tensor[];
};

/** The parameters, or parameter groups (`[{ params, lr }, …]`, as PyTorch). */
export type Params<O> = readonly Tensor[] | readonly ParamGroupSpec<O>[];

/** Each option's rule and default, built with core's `opt` (an option without a default is required). */
export type OptionSchemaOf<O> = { readonly [K in keyof O]-?: OptionRule<O[K]> | OptionRule<O[K] | undefined> };

/** How an optimizer's options are filled in and checked. */
export interface OptionSpec<O> {
  /**
   * The rule and default of each option. An option without a default (SGD's `lr`) must be given,
   * in the options or in every parameter group.
   */
  schema: OptionSchemaOf<O>;
  /** Checks that involve several options (Nesterov needs momentum); throws code OPTION. */
  check?(fn: string, options: O): void;
}

/**
 * The earlier form of an option spec: defaults and one check function. Still accepted (names stay
 * strict, `lr` is checked as a learning rate, other values by `check`); prefer `schema`.
 */
export interface LegacyOptionSpec<O> {
  /** Each option's default (`undefined`: required). */
  defaults: { [K in keyof O]: O[K] | undefined };
  /** Checks the filled-in options; throws to refuse them. */
  check(fn: string, options: O): void;
}

const anyValue = (v: unknown): v is unknown => v !== undefined;

function schemaSpec<O>(spec: OptionSpec<O> | LegacyOptionSpec<O>): OptionSpec<O> {
  if ('schema' in spec) return spec;
  const schema: OptionSchema = {};
  for (const [key, d] of Object.entries(spec.defaults)) {
    schema[key] = key === 'lr' ? lrRule({ default: d as number | undefined }) : opt.custom('a value', anyValue, { default: d });
  }
  return { schema: schema as unknown as OptionSchemaOf<O>, check: spec.check };
}

/** The closure `step(closure)` calls: re-evaluates the objective, calls `backward()`, returns the loss. */
export type Closure = () => Tensor | number;

export function lossValue(fn: string, v: unknown): number {
  if (isTensor(v)) {
    if (v.size !== 1) throw new EntropicError('SHAPE', fn, `expected the closure to return a scalar loss, got a Tensor of shape ${shapeString(v.shape)}`);
    return v.data[0]!;
  }
  if (typeof v === 'number') return v;
  throw new EntropicError('TYPE', fn, `expected the closure to return the loss (a Tensor or a number), got ${describeValue(v)}`);
}

/** A zero-filled state buffer like `a`, from the active backend (which may keep it where its kernels want it). */
export function zerosLike(a: FloatArray): FloatArray {
  return backend().allocate(a instanceof Float64Array ? 'float64' : 'float32', a.length) as FloatArray;
}

const paramsRule = opt.custom('a non-empty array of Tensors', (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0, { required: true });

/**
 * The base class of every optimizer: parameter groups with their options, `zeroGrad`, `step`,
 * the learning rate, and `stateDict`/`loadStateDict` to save and resume exactly. Subclasses
 * implement `step`; the elementwise optimizers share {@link @entropic/optim!ElementwiseOptimizer | ElementwiseOptimizer}.
 *
 * @example
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * ```
 */
export abstract class Optimizer<O extends BaseOptions = BaseOptions, S = unknown> {
  /** The class name, used in error messages and to tag state dicts. */
  readonly name: string;
  /** The groups, each with its parameters and options; schedules and users may change `lr` here. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** The options a new group (or an option a group leaves out) takes. */
  readonly defaults: Readonly<Partial<O>>;
  /** Per-parameter state (moments, step counts), created at a parameter's first update. */
  protected readonly state = new Map<Tensor, S>();
  private readonly spec: OptionSpec<O>;

  protected constructor(name: string, params: Params<O>, options: Partial<O> | undefined, optionSpec: OptionSpec<O> | LegacyOptionSpec<O>) {
    this.name = name;
    const spec = schemaSpec(optionSpec);
    this.spec = spec;
    this.defaults = parseOptions(name, options, spec.schema as OptionSchema) as Partial<O>;
    if (!Array.isArray(params)) throw new EntropicError('TYPE', name, `expected an array of parameters or parameter groups, got ${describeValue(params)}`);
    if (params.length === 0) throw new EntropicError('VALUE', name, 'expected a non-empty array of parameters or parameter groups, got an empty array');
    const groups: unknown[] = params.every(isTensor) ? [{ params }] : params;
    for (const g of groups) this.addParamGroup(g as ParamGroupSpec<O>);
  }

  /** The option names, in declaration order. */
  protected optionNames(): string[] {
    return Object.keys(this.spec.schema);
  }

  /** Adds a group `{ params, …options }` (options it leaves out take the optimizer's), as PyTorch. */
  addParamGroup(group: ParamGroupSpec<O>): void {
    const index = this.paramGroups.length;
    const fn = index === 0 ? this.name : `${this.name}: param group ${index}`;
    const names = this.optionNames();
    if (!isPlainObject(group)) throw new EntropicError('TYPE', fn, `expected a parameter group { params, ${names.join(', ')} }, got ${describeValue(group)}`);
    // The group's schema: each option defaults to the optimizer's value, and is required where that has none.
    const schema: OptionSchema = { params: paramsRule };
    for (const key of names) {
      const d = (this.defaults as Record<string, unknown>)[key];
      schema[key] = { ...(this.spec.schema as OptionSchema)[key]!, default: d, required: d === undefined };
    }
    const given = parseOptions(fn, group, schema);
    const params = given.params as unknown[];
    const seen = new Set(this.parameters());
    let flat = seen.size;
    for (let i = 0; i < params.length; i++, flat++) {
      const p: unknown = params[i];
      if (!isTensor(p)) throw new EntropicError('TYPE', fn, `expected parameter ${flat} to be a Tensor, got ${describeValue(p)}`);
      const name = `parameter ${flat} (shape ${shapeString(p.shape)})`;
      if (p.dtype !== 'float32' && p.dtype !== 'float64') throw new EntropicError('DTYPE', fn, `expected float32 or float64 parameters, got ${name} of dtype ${p.dtype}`);
      if (!p.requiresGrad) throw new EntropicError('VALUE', fn, `${name} does not require gradients; create it with { requiresGrad: true }`);
      // A non-leaf never receives .grad and its storage belongs to the op that made it (PyTorch: "can't optimize a non-leaf Tensor").
      if (!p.isLeaf) throw new EntropicError('VALUE', fn, `${name} is the result of an op, not a leaf; optimize the tensor it was computed from, or detach() it`);
      if (seen.has(p)) throw new EntropicError('VALUE', fn, `${name} appears more than once`);
      seen.add(p);
    }
    const options: Record<string, unknown> = {};
    for (const key of names) {
      const v = given[key];
      options[key] = Array.isArray(v) ? v.slice() : v;
    }
    const full = { ...options, params: (params as Tensor[]).slice() } as ParamGroup<O>;
    this.spec.check?.(fn, full);
    this.paramGroups.push(full);
  }

  /** Every parameter, group after group (the positions `stateDict()` and error messages use). */
  parameters(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** The first group's learning rate; setting it sets every group's (a schedule sets each group's own). */
  get lr(): number {
    return this.paramGroups[0]!.lr;
  }

  /** Sets every group's learning rate (checked as the `lr` option). */
  set lr(value: number) {
    checkRule(`${this.name}.lr`, 'lr', (this.spec.schema as OptionSchema).lr!, value);
    for (const g of this.paramGroups) g.lr = value;
  }

  /** Sets every parameter's gradient to `null` (PyTorch's default `set_to_none`). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /**
   * Updates the parameters from their gradients (L-BFGS: re-evaluates `closure` as often as it needs); returns what the closure returned, when given.
   */
  abstract step(closure?: Closure): unknown;

  /** Re-checks every group's options: users and schedules may have changed them since construction. */
  protected checkGroups(fn: string): void {
    const schema = this.spec.schema as OptionSchema;
    this.paramGroups.forEach((g, i) => {
      const where = this.paramGroups.length === 1 ? fn : `${fn}: param group ${i}`;
      for (const key of Object.keys(schema)) checkRule(where, key, schema[key]!, (g as unknown as Record<string, unknown>)[key]);
      this.spec.check?.(where, g);
    });
  }

  /**
   * Throws, naming the parameter, when a gradient is non-finite or does not match its parameter.
   * Runs before any update so that a bad gradient changes nothing.
   */
  protected checkGradients(fn: string): void {
    let index = 0;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g !== null) checkGradient(fn, index, p, g);
        index++;
      }
    }
  }

  /** A deep copy of the options and state as plain JSON (typed arrays become arrays of numbers). */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    this.parameters().forEach((p, i) => {
      index.set(p, i);
    });
    const state: OptimizerStateDict['state'] = {};
    for (const [p, s] of this.state) state[String(index.get(p)!)] = this.encodeState(s);
    const paramGroups = this.paramGroups.map((g) => {
      const out: { params: number[] } & { [option: string]: JsonValue } = { params: g.params.map((p) => index.get(p)!) };
      for (const key of this.optionNames()) {
        const v = (g as unknown as Record<string, unknown>)[key];
        out[key] = (Array.isArray(v) ? v.slice() : v) as JsonValue;
      }
      return out;
    });
    return { optimizer: this.name, state, paramGroups };
  }

  /**
   * Restores options and state saved by `stateDict()` (the object or its JSON text) into an
   * optimizer over the same parameters in the same groups. Everything is checked before anything
   * is replaced, so a bad state dict leaves the optimizer as it was. Every refusal has code FORMAT.
   */
  loadStateDict(stateDict: OptimizerStateDict | string): void {
    const fn = `${this.name}.loadStateDict`;
    const sd = checkStateDictShape(fn, stateDict, this.name);
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new EntropicError('FORMAT', fn, `expected ${this.paramGroups.length} parameter group(s), got ${sd.paramGroups.length}`);
    }
    const params = this.parameters();
    const schema = this.spec.schema as OptionSchema;
    const known = this.optionNames();
    const groups = sd.paramGroups.map((saved, i) => {
      const where = `param group ${i}`;
      const own = this.paramGroups[i]!;
      if (!isPlainObject(saved)) throw new EntropicError('FORMAT', fn, `${where}: expected an object, got ${describeValue(saved)}`);
      for (const key of Object.keys(saved)) {
        if (key !== 'params' && !known.includes(key)) throw new EntropicError('FORMAT', fn, `${where}: ${unknownOptionMessage(key, ['params', ...known])}`);
      }
      if (!Array.isArray(saved.params) || saved.params.length !== own.params.length) {
        throw new EntropicError('FORMAT', fn, `${where}: expected ${own.params.length} parameter(s), got ${describeValue(saved.params)}`);
      }
      const options: Record<string, unknown> = {};
      for (const key of known) {
        const v = saved[key];
        if (v === undefined) throw new EntropicError('FORMAT', fn, `${where}: missing option '${key}'`);
        const rule = schema[key]!;
        if (rule.check(v) === INVALID) throw new EntropicError('FORMAT', fn, `${where}: expected option '${key}' to be ${rule.expected}, got ${describeValue(v)}`);
        options[key] = Array.isArray(v) ? v.slice() : v;
      }
      try {
        this.spec.check?.(`${fn}: ${where}`, options as unknown as O);
      } catch (e) {
        throw new EntropicError('FORMAT', fn, `${where}: ${(e as Error).message}`, { cause: e });
      }
      return options;
    });
    const state = new Map<Tensor, S>();
    for (const key of Object.keys(sd.state)) {
      const i = Number(key);
      const p = Number.isInteger(i) && String(i) === key ? params[i] : undefined;
      if (p === undefined) throw new EntropicError('FORMAT', fn, `state for parameter ${JSON.stringify(key)}, but the optimizer has parameters 0…${params.length - 1}`);
      state.set(p, this.decodeState(fn, `state[${key}]`, sd.state[key], p));
    }
    // Everything checked: replace.
    groups.forEach((options, i) => {
      Object.assign(this.paramGroups[i]!, options);
    });
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }

  /** One parameter's state as JSON. */
  protected abstract encodeState(state: S): { [field: string]: JsonValue };

  /** One parameter's state from JSON, checked against the parameter (sizes, dtype); throws code FORMAT. */
  protected abstract decodeState(fn: string, where: string, json: unknown, param: Tensor): S;
}

/** How messages name a parameter (built only when a check fails: the checks run at every step). */
function parameterName(index: number, p: Tensor): string {
  return `parameter ${index} (shape ${shapeString(p.shape)})`;
}

/** Throws unless `g` is a finite gradient of `p`'s shape (code SHAPE) and dtype (DTYPE); NON_FINITE names the element. */
export function checkGradient(fn: string, index: number, p: Tensor, g: Tensor): void {
  if (!isTensor(g) || g.size !== p.size || g.shape.length !== p.shape.length || g.shape.some((d, i) => d !== p.shape[i])) {
    throw new EntropicError('SHAPE', fn, `expected the gradient of ${parameterName(index, p)} to have shape ${shapeString(p.shape)}, got ${describeValue(g)}`);
  }
  if (g.dtype !== p.dtype) throw new EntropicError('DTYPE', fn, `expected the gradient of ${parameterName(index, p)} to be ${p.dtype}, got ${g.dtype}`);
  const d = g.data;
  if (backend().allFinite(d)) return;
  let at = 0;
  while (Number.isFinite(d[at]!)) at++;
  throw new EntropicError('NON_FINITE', fn, `the gradient of ${parameterName(index, p)} is not finite (${d[at]} at element ${at}); no parameter or optimizer state was changed`);
}
