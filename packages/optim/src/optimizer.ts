/**
 * The base every optimizer shares, as torch.optim.Optimizer: parameter groups with their own
 * options, a settable `lr`, `zeroGrad()`, per-parameter state and `stateDict()` /
 * `loadStateDict()`. The update rules themselves are pure functions over typed arrays (sgd.ts,
 * adam.ts, …); the classes only hold the state between steps.
 */
import { type FloatArray, Tensor, isTensor, shapeToString } from '@entropic/core';
import { type JsonValue, type OptimizerStateDict, checkStateDictShape } from './serialize.js';
import { checkLr, checkOptionNames, describe, isPlainObject } from './validate.js';

/** Options every optimizer has. */
export interface BaseOptions {
  lr: number;
}

/** A group as the optimizer holds it: its parameters and its (mutable) options. */
export type ParamGroup<O> = O & { params: Tensor[] };

/** A group as the caller gives it: `{ params, lr?, … }`, options missing from it take the optimizer's. */
export type ParamGroupSpec<O> = Partial<O> & { params: readonly Tensor[] };

/** The parameters, or parameter groups (`[{ params, lr }, …]`, as PyTorch). */
export type Params<O> = readonly Tensor[] | readonly ParamGroupSpec<O>[];

/** How an optimizer's options are filled in and checked. */
export interface OptionSpec<O> {
  /** The default of each option; `undefined` marks a required one (SGD's `lr`). */
  defaults: { [K in keyof O]: O[K] | undefined };
  /** Throws `<fn>: expected …` when an option is out of range. */
  check(fn: string, options: O): void;
}

/** The closure `step(closure)` calls: re-evaluates the objective, calls `backward()`, returns the loss. */
export type Closure = () => Tensor | number;

export function lossValue(fn: string, v: unknown): number {
  if (v instanceof Tensor) {
    if (v.size !== 1) throw new Error(`${fn}: expected the closure to return a scalar loss, got a Tensor of shape ${shapeToString(v.shape)}`);
    return v.data[0]!;
  }
  if (typeof v === 'number') return v;
  throw new Error(`${fn}: expected the closure to return the loss (a Tensor or a number), got ${describe(v)}`);
}

export function zerosLike(a: FloatArray): FloatArray {
  return a instanceof Float64Array ? new Float64Array(a.length) : new Float32Array(a.length);
}

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

  protected constructor(name: string, params: Params<O>, options: Partial<O> | undefined, spec: OptionSpec<O>) {
    this.name = name;
    this.spec = spec;
    const fn = `${name}`;
    const known = Object.keys(spec.defaults);
    const given = checkOptionNames(fn, options, known);
    const defaults: Record<string, unknown> = {};
    for (const key of known) defaults[key] = given[key] !== undefined ? given[key] : (spec.defaults as Record<string, unknown>)[key];
    this.defaults = defaults as Partial<O>;
    if (!Array.isArray(params) || params.length === 0) {
      throw new Error(`${fn}: expected a non-empty array of parameters or parameter groups, got ${Array.isArray(params) ? 'an empty array' : describe(params)}`);
    }
    const groups: unknown[] = params.every((p) => p instanceof Tensor) ? [{ params }] : params;
    for (const g of groups) this.addParamGroup(g as ParamGroupSpec<O>);
  }

  /** Adds a group `{ params, …options }` (options it leaves out take the optimizer's), as PyTorch. */
  addParamGroup(group: ParamGroupSpec<O>): void {
    const index = this.paramGroups.length;
    const fn = index === 0 ? this.name : `${this.name}: param group ${index}`;
    const known = ['params', ...Object.keys(this.spec.defaults)];
    const given = checkOptionNames(fn, group, known, 'a parameter group');
    if (!('params' in given)) throw new Error(`${fn}: expected a parameter group { params, ${known.slice(1).join(', ')} }, got no params`);
    const params = given.params;
    if (!Array.isArray(params) || params.length === 0) {
      throw new Error(`${fn}: expected params to be a non-empty array of Tensors, got ${describe(params)}`);
    }
    const seen = new Set(this.parameters());
    let flat = seen.size;
    for (let i = 0; i < params.length; i++, flat++) {
      const p: unknown = params[i];
      if (!isTensor(p)) throw new Error(`${fn}: expected parameter ${flat} to be a Tensor, got ${describe(p)}`);
      if (p.dtype === 'int32') throw new Error(`${fn}: expected float32 or float64 parameters, got parameter ${flat} of dtype int32`);
      if (!p.requiresGrad) {
        throw new Error(`${fn}: parameter ${flat} (shape ${shapeToString(p.shape)}) does not require gradients; create it with { requiresGrad: true }`);
      }
      // A non-leaf never receives .grad and its storage belongs to the op that made it (PyTorch: "can't optimize a non-leaf Tensor").
      if (!p.isLeaf) {
        throw new Error(`${fn}: parameter ${flat} (shape ${shapeToString(p.shape)}) is the result of an op, not a leaf; optimize the tensor it was computed from, or detach() it`);
      }
      if (seen.has(p)) throw new Error(`${fn}: parameter ${flat} (shape ${shapeToString(p.shape)}) appears more than once`);
      seen.add(p);
    }
    const options: Record<string, unknown> = {};
    for (const key of known.slice(1)) {
      const v = given[key] !== undefined ? given[key] : (this.defaults as Record<string, unknown>)[key];
      if (v === undefined) throw new Error(`${fn}: expected option ${key} (it has no default), got undefined`);
      options[key] = Array.isArray(v) ? v.slice() : v;
    }
    const full = { ...options, params: (params as Tensor[]).slice() } as ParamGroup<O>;
    this.spec.check(fn, full);
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

  set lr(value: number) {
    checkLr(`${this.name}.lr`, value);
    for (const g of this.paramGroups) g.lr = value;
  }

  /** Sets every parameter's gradient to `null` (PyTorch's default `set_to_none`). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  abstract step(closure?: Closure): unknown;

  /** Re-checks every group's options: users and schedules may have changed them since construction. */
  protected checkGroups(fn: string): void {
    this.paramGroups.forEach((g, i) => {
      this.spec.check(this.paramGroups.length === 1 ? fn : `${fn}: param group ${i}`, g);
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
      for (const key of Object.keys(this.spec.defaults)) {
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
   * is replaced, so a bad state dict leaves the optimizer as it was.
   */
  loadStateDict(stateDict: OptimizerStateDict | string): void {
    const fn = `${this.name}.loadStateDict`;
    const sd = checkStateDictShape(fn, stateDict, this.name);
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new Error(`${fn}: expected ${this.paramGroups.length} parameter group(s), got ${sd.paramGroups.length}`);
    }
    const params = this.parameters();
    const known = Object.keys(this.spec.defaults);
    const groups = sd.paramGroups.map((saved, i) => {
      const where = `${fn}: param group ${i}`;
      const own = this.paramGroups[i]!;
      if (!isPlainObject(saved)) throw new Error(`${where}: expected an object, got ${describe(saved)}`);
      checkOptionNames(where, saved, ['params', ...known], 'a saved parameter group');
      if (!Array.isArray(saved.params) || saved.params.length !== own.params.length) {
        throw new Error(`${where}: expected ${own.params.length} parameter(s), got ${describe(saved.params)}`);
      }
      const options: Record<string, unknown> = {};
      for (const key of known) {
        const v = saved[key];
        if (v === undefined) throw new Error(`${where}: missing option ${key}`);
        options[key] = Array.isArray(v) ? v.slice() : v;
      }
      this.spec.check(where, options as unknown as O);
      return options;
    });
    const state = new Map<Tensor, S>();
    for (const key of Object.keys(sd.state)) {
      const i = Number(key);
      const p = Number.isInteger(i) && String(i) === key ? params[i] : undefined;
      if (p === undefined) throw new Error(`${fn}: state for parameter ${JSON.stringify(key)}, but the optimizer has parameters 0…${params.length - 1}`);
      state.set(p, this.decodeState(`${fn}`, `state[${key}]`, sd.state[key], p));
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

  /** One parameter's state from JSON, checked against the parameter (sizes, dtype). */
  protected abstract decodeState(fn: string, where: string, json: unknown, param: Tensor): S;
}

/** Throws unless `g` is a finite gradient of `p`'s shape and dtype. */
export function checkGradient(fn: string, index: number, p: Tensor, g: Tensor): void {
  const name = `parameter ${index} (shape ${shapeToString(p.shape)})`;
  if (!(g instanceof Tensor) || g.size !== p.size || g.shape.length !== p.shape.length || g.shape.some((d, i) => d !== p.shape[i])) {
    throw new Error(`${fn}: expected the gradient of ${name} to have shape ${shapeToString(p.shape)}, got ${describe(g)}`);
  }
  if (g.dtype !== p.dtype) throw new Error(`${fn}: expected the gradient of ${name} to be ${p.dtype}, got ${g.dtype}`);
  const d = g.data;
  // x·0 is ±0 for finite x and NaN for NaN or ±∞: one multiply-add per element, no branch.
  let acc = 0;
  for (let i = 0; i < d.length; i++) acc += d[i]! * 0;
  if (acc === 0) return;
  let at = 0;
  while (Number.isFinite(d[at]!)) at++;
  throw new Error(`${fn}: the gradient of ${name} is not finite (${d[at]} at element ${at}); no parameter or optimizer state was changed`);
}
