/**
 * Losses by name, so a training loop can take `loss: 'crossEntropy'` (or a user's `'focal'`)
 * as well as a function. The built-in losses are registered under their camelCase names.
 */
import { EntropicError, type Tensor, describeValue, opt, parseOptions } from '@entropic/core';
import type { LossMeta } from './meta.js';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary.js';
import { crossEntropy } from './cross-entropy.js';
import { nllLoss } from './nll.js';
import { mseLoss } from './mse.js';
import { klDiv } from './kl-div.js';
import { huberLoss, l1Loss, smoothL1Loss } from './robust.js';
import { multiMarginLoss, multilabelSoftMarginLoss, softMarginLoss } from './margin.js';
import { gaussianNllLoss, poissonNllLoss } from './likelihood.js';
import { sigmoidFocalLoss } from './focal.js';

/**
 * Any loss: `(input, target, opts?) → Tensor` whatever its options (gaussianNllLoss takes its
 * variance before them), with `meta` when it declares what it takes (see `lossMeta`).
 */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds losses of every option type
export type AnyLoss = ((input: Tensor, target: Tensor, ...rest: any[]) => Tensor) & {
  /** What the loss takes as input and target, when it declares it. */
  readonly meta?: LossMeta;
};

const BUILT_IN: readonly [string, AnyLoss][] = [
  ['binaryCrossEntropy', binaryCrossEntropy],
  ['binaryCrossEntropyWithLogits', binaryCrossEntropyWithLogits],
  ['crossEntropy', crossEntropy],
  ['nllLoss', nllLoss],
  ['mseLoss', mseLoss],
  ['klDiv', klDiv],
  ['l1Loss', l1Loss],
  ['smoothL1Loss', smoothL1Loss],
  ['huberLoss', huberLoss],
  ['softMarginLoss', softMarginLoss],
  ['multiMarginLoss', multiMarginLoss],
  ['multilabelSoftMarginLoss', multilabelSoftMarginLoss],
  ['poissonNllLoss', poissonNllLoss],
  ['gaussianNllLoss', gaussianNllLoss],
  ['sigmoidFocalLoss', sigmoidFocalLoss],
];
const builtInNames = new Set(BUILT_IN.map(([name]) => name));
const registry = new Map<string, AnyLoss>(BUILT_IN);

/** Options of {@link registerLoss}. */
export interface RegisterLossOptions {
  /** Replace a loss already registered under this name (never a built-in one). */
  override?: boolean;
}

const REGISTER_OPTIONS = { override: opt.boolean({ default: false }) };

function checkName(fn: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw new EntropicError('TYPE', fn, `expected a non-empty string name, got ${describeValue(name)}`);
  return name;
}

/**
 * Makes `loss` available as `getLoss(name)`. Registering the same function twice is a no-op;
 * another function under a taken name is an error unless `{ override: true }` (built-in names
 * can never be replaced).
 */
export function registerLoss(name: string, loss: AnyLoss, opts?: RegisterLossOptions, fn = 'registerLoss'): void {
  checkName(fn, name);
  const { override } = parseOptions(fn, opts, REGISTER_OPTIONS);
  if (typeof loss !== 'function') {
    throw new EntropicError('TYPE', fn, `expected a loss function (input, target, opts?) => Tensor for '${name}', got ${describeValue(loss)}`);
  }
  const existing = registry.get(name);
  if (existing === undefined || existing === loss) {
    registry.set(name, loss);
    return;
  }
  if (builtInNames.has(name)) throw new EntropicError('VALUE', fn, `'${name}' is a built-in loss and cannot be replaced; choose another name`);
  if (!override) {
    throw new EntropicError('STATE', fn, `a different loss is already registered as '${name}'; pass { override: true } to replace it, or choose another name`);
  }
  registry.set(name, loss);
}

/** The loss registered as `name`; throws, listing the registered names, when there is none. */
export function getLoss(name: string): AnyLoss {
  checkName('getLoss', name);
  const loss = registry.get(name);
  if (loss === undefined) throw new EntropicError('VALUE', 'getLoss', `no loss registered as '${name}'; registered: ${[...registry.keys()].join(', ')}`);
  return loss;
}

/**
 * Whether a loss is registered under `name` (built-in or added with {@link registerLoss} or {@link defineLoss}).
 */
export function hasLoss(name: string): boolean {
  return registry.has(name);
}

/** Registered names, built-in ones first, then in registration order. */
export function lossNames(): string[] {
  return [...registry.keys()];
}

/** Removes a user-registered loss; returns whether there was one. Built-in losses stay. */
export function unregisterLoss(name: string): boolean {
  checkName('unregisterLoss', name);
  if (builtInNames.has(name)) throw new EntropicError('VALUE', 'unregisterLoss', `'${name}' is a built-in loss and cannot be removed`);
  return registry.delete(name);
}
