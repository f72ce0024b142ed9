/**
 * Optimizers by name, as the loss registry holds losses: a training loop can take
 * `optimizer: 'adam'` (or a user's `'lion'`) as well as an optimizer object. A name maps to a
 * factory `(params, options?) => Optimizer`; the options are the optimizer's own (`{ lr, … }`).
 */
import { EntropicError, type Tensor, closestName, describeValue, opt, parseOptions } from '@entropic/core';
import type { Optimizer } from './optimizer.js';
import { SGD, GradientDescent } from './sgd.js';
import { Adam, AdamW } from './adam.js';
import { RMSprop } from './rmsprop.js';
import { Adagrad } from './adagrad.js';
import { LBFGS } from './lbfgs.js';
import { NewtonCG } from './newton-cg.js';

/** Builds an optimizer over `params` with the optimizer's own options. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds factories of every option type
export type OptimizerFactory = (params: readonly Tensor[], options?: any) => Optimizer;

/** Options of {@link registerOptimizer}. */
export interface RegisterOptimizerOptions {
  /** Replace a factory already registered under this name (never a built-in one). */
  override?: boolean;
}

const BUILT_IN: readonly [string, OptimizerFactory][] = [
  ['sgd', (params, options) => new SGD(params, options)],
  ['gd', (params, options) => new GradientDescent(params, options)],
  ['adam', (params, options) => new Adam(params, options)],
  ['adamw', (params, options) => new AdamW(params, options)],
  ['rmsprop', (params, options) => new RMSprop(params, options)],
  ['adagrad', (params, options) => new Adagrad(params, options)],
  ['lbfgs', (params, options) => new LBFGS(params, options)],
  ['newton-cg', (params, options) => new NewtonCG(params, options)],
];
const builtInNames = new Set(BUILT_IN.map(([name]) => name));
const registry = new Map<string, OptimizerFactory>(BUILT_IN);

function checkName(fn: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw new EntropicError('TYPE', fn, `expected a non-empty string name, got ${describeValue(name)}`);
  return name;
}

/**
 * Makes `factory` available as `getOptimizer(name)`. Registering the same factory twice is a
 * no-op; another factory under a taken name throws unless `{ override: true }` (built-in names
 * can never be replaced).
 */
export function registerOptimizer(name: string, factory: OptimizerFactory, opts: RegisterOptimizerOptions = {}): void {
  const fn = 'registerOptimizer';
  checkName(fn, name);
  if (typeof factory !== 'function') throw new EntropicError('TYPE', fn, `expected a factory (params, options?) => Optimizer for '${name}', got ${describeValue(factory)}`);
  const { override } = parseOptions(fn, opts, { override: opt.boolean({ default: false }) });
  const existing = registry.get(name);
  if (existing === undefined || existing === factory) {
    registry.set(name, factory);
    return;
  }
  if (builtInNames.has(name)) throw new EntropicError('VALUE', fn, `'${name}' is a built-in optimizer and cannot be replaced; choose another name`);
  if (!override) {
    throw new EntropicError('VALUE', fn, `a different optimizer is already registered as '${name}'; pass { override: true } to replace it, or choose another name`);
  }
  registry.set(name, factory);
}

/** The factory registered as `name`; throws (naming the closest registered name) when there is none. */
export function getOptimizer(name: string): OptimizerFactory {
  const fn = 'getOptimizer';
  checkName(fn, name);
  const factory = registry.get(name);
  if (factory === undefined) {
    const names = [...registry.keys()];
    const near = closestName(name, names);
    throw new EntropicError('VALUE', fn, `no optimizer registered as '${name}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; registered: ${names.join(', ')}`);
  }
  return factory;
}

/**
 * Whether an optimizer factory is registered under `name` (built-in or added with {@link registerOptimizer}).
 */
export function hasOptimizer(name: string): boolean {
  return registry.has(name);
}

/** Registered names, built-in ones first, then in registration order. */
export function optimizerNames(): string[] {
  return [...registry.keys()];
}

/** Removes a user-registered optimizer; returns whether there was one. Built-in ones stay. */
export function unregisterOptimizer(name: string): boolean {
  const fn = 'unregisterOptimizer';
  checkName(fn, name);
  if (builtInNames.has(name)) throw new EntropicError('VALUE', fn, `'${name}' is a built-in optimizer and cannot be removed`);
  return registry.delete(name);
}
