/**
 * `Module`, as torch.nn.Module: a tree of named parameters and sub-modules with a train/eval
 * flag and a state dict. Parameters and children are registered explicitly (JavaScript has no
 * `__setattr__` hook), in order, so `parameters()` and `stateDict()` keys are deterministic.
 */
import { Tensor, isTensor, shapeToString } from '@entropic/core';

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
    checkName('registerParameter', name);
    if (!isTensor(t)) throw new Error(`registerParameter: expected a Tensor for '${name}', got ${t === null ? 'null' : typeof t}`);
    if (t.dtype === 'int32') throw new Error(`registerParameter: parameter '${name}' must be float32 or float64, got int32`);
    if (this._parameters.has(name) || this._modules.has(name)) throw new Error(`registerParameter: '${name}' is already registered`);
    t.requiresGrad = true;
    this._parameters.set(name, t);
    return t;
  }

  /** Registers a child module (its parameters appear as `name.…`) and returns it. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    checkName('registerModule', name);
    if (!(m instanceof Module)) throw new Error(`registerModule: expected a Module for '${name}', got ${m === null ? 'null' : typeof m}`);
    if (this._parameters.has(name) || this._modules.has(name)) throw new Error(`registerModule: '${name}' is already registered`);
    this._modules.set(name, m);
    return m;
  }

  /** Direct children, in registration order. */
  children(): Module[] {
    return [...this._modules.values()];
  }

  namedChildren(): [string, Module][] {
    return [...this._modules.entries()];
  }

  /** Every parameter of this module and its descendants, with dotted names (`0.weight`). */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, t] of this._parameters) out.push([prefix + name, t]);
    for (const [name, m] of this._modules) out.push(...m.namedParameters(`${prefix}${name}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Sets training mode here and in every descendant; returns this (as PyTorch). */
  train(mode = true): this {
    this.training = mode;
    for (const m of this._modules.values()) m.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Sets every parameter's gradient to null (PyTorch's `set_to_none`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * A snapshot of the parameters: copies, detached, keyed by dotted name. (PyTorch's shares
   * storage; a copy is what callers keeping a "best model" need, and costs one pass.)
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, t] of this.namedParameters()) out[name] = Tensor.fromData(t.data.slice(), t.shape.slice());
    return out;
  }

  /**
   * Copies `state` into the parameters in place. Every key, shape and value is checked before
   * anything is written, so a failing call leaves the module as it was.
   */
  loadStateDict(state: StateDict, opts: LoadStateDictOptions = {}): void {
    const fn = 'loadStateDict';
    if (state === null || typeof state !== 'object') throw new Error(`${fn}: expected an object of Tensors, got ${state === null ? 'null' : typeof state}`);
    const strict = opts.strict ?? true;
    const params = this.namedParameters();
    const own = new Set(params.map(([n]) => n));
    if (strict) {
      const unexpected = Object.keys(state).filter((k) => !own.has(k));
      const missing = params.map(([n]) => n).filter((n) => !(n in state));
      if (unexpected.length > 0 || missing.length > 0) {
        throw new Error(`${fn}: expected keys [${[...own].join(', ')}], got missing [${missing.join(', ')}] and unexpected [${unexpected.join(', ')}]`);
      }
    }
    const plan: [Tensor, Tensor][] = [];
    for (const [name, p] of params) {
      const src = state[name];
      if (src === undefined) continue;
      if (!isTensor(src)) throw new Error(`${fn}: expected a Tensor for '${name}', got ${src === null ? 'null' : typeof src}`);
      if (src.shape.length !== p.shape.length || src.shape.some((d, i) => d !== p.shape[i])) {
        throw new Error(`${fn}: '${name}' expected shape ${shapeToString(p.shape)}, got ${shapeToString(src.shape)}`);
      }
      if (src.dtype === 'int32') throw new Error(`${fn}: '${name}' expected a float tensor, got int32`);
      const bad = firstNonFinite(src.data);
      if (bad >= 0) throw new Error(`${fn}: '${name}' has a non-finite value ${src.data[bad]} at index ${bad}`);
      plan.push([p, src]);
    }
    // Validated: now write (float64 → float32 rounds, as PyTorch's copy_).
    for (const [p, src] of plan) p.data.set(src.data);
  }
}

function checkName(fn: string, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new Error(`${fn}: expected a non-empty name without '.', got ${JSON.stringify(name)}`);
  }
}

/** Index of the first NaN or ±Infinity, or −1. */
export function firstNonFinite(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return i;
  return -1;
}
