/**
 * `Module`, as torch.nn.Module: a tree of named parameters and sub-modules with a train/eval
 * flag and a state dict. Parameters and children are registered explicitly (JavaScript has no
 * `__setattr__` hook), in order, so `parameters()` and `stateDict()` keys are deterministic.
 */
import { EntropicError, Tensor, describeValue, markModified, opt, parseOptions, sameShape, shapeToString } from '@entropic/core';
import { type SavedModule, type TensorJSON, readModule, saveModule, tensorFromJSON } from './serialize.js';

export type StateDict = Record<string, Tensor>;

export interface LoadStateDictOptions {
  /** Require exactly the module's keys (default true, as PyTorch). */
  strict?: boolean;
}

export abstract class Module {
  /** True after `train()` (the default), false after `eval()`. */
  training = true;
  private readonly _parameters = new Map<string, Tensor>();
  private readonly _modules = new Map<string, Module>();

  /** The module's computation. */
  abstract forward(x: Tensor): Tensor;

  /** Registers a leaf tensor as a trainable parameter (sets `requiresGrad`) and returns it. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    const fn = 'registerParameter';
    checkName(fn, name);
    if (!(t instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected a Tensor for '${name}', got ${describeValue(t)}`);
    if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new EntropicError('DTYPE', fn, `expected parameter '${name}' to be float32 or float64, got ${t.dtype}`);
    if (this._parameters.has(name) || this._modules.has(name)) throw new EntropicError('VALUE', fn, `'${name}' is already registered`);
    t.requiresGrad = true;
    this._parameters.set(name, t);
    return t;
  }

  /** Registers a child module (its parameters appear as `name.…`) and returns it. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    const fn = 'registerModule';
    checkName(fn, name);
    if (!(m instanceof Module)) throw new EntropicError('TYPE', fn, `expected a Module for '${name}', got ${describeValue(m)}`);
    if (this._parameters.has(name) || this._modules.has(name)) throw new EntropicError('VALUE', fn, `'${name}' is already registered`);
    this._modules.set(name, m);
    return m;
  }

  /**
   * Puts `m` in the child slot `name` (registering it if new), or empties the slot for `null`:
   * for modules whose children are made or remade later (an estimator's layer, made by `fit`).
   */
  protected replaceModule(name: string, m: Module | null): void {
    checkName('replaceModule', name);
    if (this._parameters.has(name)) throw new EntropicError('VALUE', 'replaceModule', `'${name}' is a parameter, not a module`);
    if (m === null) this._modules.delete(name);
    else this._modules.set(name, m);
  }

  /** Direct children, in registration order. */
  children(): Module[] {
    return [...this._modules.values()];
  }

  /** Direct children with their names, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this._modules.entries()];
  }

  /** This module (named `''`) and every descendant, with dotted paths, parents first. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, m] of this._modules) out.push(...m.namedModules(prefix === '' ? name : `${prefix}.${name}`));
    return out;
  }

  /** Every parameter of this module and its descendants, with dotted names (`0.weight`). */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, t] of this._parameters) out.push([prefix + name, t]);
    for (const [name, m] of this._modules) out.push(...m.namedParameters(`${prefix}${name}.`));
    return out;
  }

  /**
   * Every parameter of this module and its descendants, in `namedParameters` order: what an optimizer takes.
   */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Sets training mode here and in every descendant; returns this (as PyTorch). */
  train(mode = true): this {
    this.training = mode;
    for (const m of this._modules.values()) m.train(mode);
    return this;
  }

  /** Sets evaluation mode (`train(false)`): dropout off. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Sets every parameter's gradient to null (PyTorch's `set_to_none`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * A snapshot of the parameters: copies, detached, keyed by dotted name. (PyTorch's shares
   * storage; a copy is what callers keeping a "best model" need, and costs one pass.) Tensors
   * have `toJSON`, so `JSON.stringify(m.stateDict())` can be loaded back with `loadStateDict`.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, t] of this.namedParameters()) out[name] = Tensor.fromData(t.data.slice(), t.shape.slice());
    return out;
  }

  /**
   * Copies `state` into the parameters in place: Tensors, or their JSON form `{ dtype, shape,
   * data }` (from `JSON.parse` of a saved state dict). Every key, shape and value is checked
   * before anything is written, so a failing call leaves the module as it was.
   */
  loadStateDict(state: Record<string, Tensor | TensorJSON>, opts: LoadStateDictOptions = {}): void {
    const fn = 'loadStateDict';
    if (state === null || typeof state !== 'object' || Array.isArray(state) || state instanceof Tensor) {
      throw new EntropicError('TYPE', fn, `expected an object of Tensors, got ${describeValue(state)}`);
    }
    const { strict } = parseOptions(fn, opts, { strict: opt.boolean({ default: true }) });
    const params = this.namedParameters();
    const own = new Set(params.map(([n]) => n));
    if (strict) {
      const unexpected = Object.keys(state).filter((k) => !own.has(k));
      const missing = params.map(([n]) => n).filter((n) => !(n in state));
      if (unexpected.length > 0 || missing.length > 0) {
        throw new EntropicError('VALUE', fn, `expected keys [${[...own].join(', ')}], got missing [${missing.join(', ')}] and unexpected [${unexpected.join(', ')}]`);
      }
    }
    const plan: [Tensor, Tensor][] = [];
    for (const [name, p] of params) {
      const given = state[name];
      if (given === undefined) continue;
      const src = given instanceof Tensor ? given : tensorFromJSON(fn, given, name);
      if (!sameShape(src.shape, p.shape)) {
        throw new EntropicError('SHAPE', fn, `expected '${name}' of shape ${shapeToString(p.shape)}, got ${shapeToString(src.shape)}`);
      }
      if (src.dtype !== 'float32' && src.dtype !== 'float64') throw new EntropicError('DTYPE', fn, `expected '${name}' to be a float tensor, got ${src.dtype}`);
      const bad = firstNonFinite(src.data);
      if (bad >= 0) throw new EntropicError('NON_FINITE', fn, `expected finite values in '${name}', got ${src.data[bad]} at index ${bad}`);
      plan.push([p, src]);
    }
    // Validated: now write (float64 → float32 rounds, as PyTorch's copy_).
    for (const [p, src] of plan) {
      p.data.set(src.data);
      markModified(p); // a graph recorded with the old values refuses to backpropagate
    }
  }

  /**
   * The constructor arguments that rebuild this module, as JSON values and Modules: what
   * `saveModule` writes and `loadModule` passes to `new (registered class)(...args)`. A module
   * whose constructor takes arguments overrides this (default: none).
   */
  getConfig(): unknown[] {
    return [];
  }

  /** State that is not a parameter (a fitted estimator's sizes and history), JSON-safe; saved with the module. */
  getExtraState(): unknown {
    return undefined;
  }

  /** Restores what `getExtraState` returned (called by `loadModule` before the parameters are loaded). */
  setExtraState(state: unknown): void {
    if (state !== undefined) throw new EntropicError('FORMAT', `${this.constructor.name}.setExtraState`, `expected no extra state for this module, got ${describeValue(state)}`);
  }

  /** Versioned JSON of the module: its class, constructor arguments, extra state and parameters (`saveModule`). */
  toJSON(): SavedModule {
    return saveModule(this);
  }

  /**
   * Rebuilds a saved module (the object or its JSON text) with `loadModule`, and checks that it
   * is one of this class.
   */
  static fromJSON<T extends Module>(this: abstract new (...args: never[]) => T, json: unknown): T {
    // `this` is the class fromJSON is called on: MLP.fromJSON checks for an MLP.
    // biome-ignore lint/complexity/noThisInStatic: polymorphic static
    const cls = this;
    const fn = `${cls.name}.fromJSON`;
    const m = readModule(fn, json);
    if (!(m instanceof cls)) throw new EntropicError('FORMAT', fn, `expected a saved ${cls.name}, got a saved ${m.constructor.name}`);
    return m;
  }
}

function checkName(fn: string, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new EntropicError('VALUE', fn, `expected a non-empty name without '.', got ${describeValue(name)}`);
  }
}

/** Index of the first NaN or ±Infinity, or −1. */
export function firstNonFinite(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return i;
  return -1;
}
