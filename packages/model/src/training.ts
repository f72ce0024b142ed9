/**
 * Resolving what the caller gave for a loss or an optimizer: a loss function or its registered
 * name (with what it takes, from its `meta`), an optimizer object, a factory or a registered name.
 */
import { EntropicError, type Tensor, describeValue } from '@entropic/core';
import { type LossMeta, getLoss, hasLoss, isLossMeta, lossNames } from '@entropic/loss';
import { LBFGS, NewtonCG, Optimizer, getOptimizer } from '@entropic/optim';

/** A loss as @entropic/loss defines them: `(input, target, opts?) → Tensor`. */
// biome-ignore lint/suspicious/noExplicitAny: losses of every option type are accepted
export type LossFn = (input: Tensor, target: Tensor, opts?: any) => Tensor;

/** A loss function, or the name it is registered under in @entropic/loss (`'crossEntropy'`). */
export type LossSpec = LossFn | string;

export type { LossMeta };

/**
 * What the loss declares it takes (`meta`, on every loss of @entropic/loss and every
 * `defineLoss` result), or undefined for a plain function that declares nothing: models then
 * feed it logits, and class indices where the output has a column per class.
 */
export function lossMeta(loss: LossFn): LossMeta | undefined {
  const meta = (loss as { meta?: unknown }).meta;
  return isLossMeta(meta) ? meta : undefined;
}

export interface ResolvedLoss {
  fn: LossFn;
  /** The registered name, or null for a function that is not registered. */
  name: string | null;
  meta: LossMeta | undefined;
}

export function resolveLoss(fn: string, spec: LossSpec): ResolvedLoss {
  if (typeof spec === 'function') return { fn: spec, name: lossName(spec), meta: lossMeta(spec) };
  if (typeof spec === 'string') {
    if (!hasLoss(spec)) {
      throw new EntropicError('VALUE', fn, `expected a loss function or a registered loss name, got ${JSON.stringify(spec)}; registered: ${lossNames().join(', ')}`);
    }
    const loss = getLoss(spec) as LossFn;
    return { fn: loss, name: spec, meta: lossMeta(loss) };
  }
  throw new EntropicError('TYPE', fn, `expected a loss function or a registered loss name, got ${describeValue(spec)}`);
}

/** The name `loss` is registered under, if it is (so a saved model can name it). */
export function lossName(loss: LossFn): string | null {
  for (const name of lossNames()) if (getLoss(name) === loss) return name;
  return null;
}

/** Any optimizer of @entropic/optim (or a subclass of its `Optimizer`). */
export type { Optimizer };

/** An optimizer built on the model's parameters, a factory for one, or a registered name (`'adam'`). */
export type OptimizerSpec = Optimizer | ((params: Tensor[]) => Optimizer) | string;

/**
 * The optimizer to train `params` with. A name is looked up in @entropic/optim's registry and
 * built with `{ lr, ...options }`; a given optimizer gets `lr` set when one is given.
 */
export function resolveOptimizer(
  fn: string, spec: OptimizerSpec, params: Tensor[], lr: number | undefined, options: Record<string, unknown> = {},
): Optimizer {
  let made: unknown;
  if (spec instanceof Optimizer) {
    if (Object.keys(options).length > 0) throw new EntropicError('OPTION', fn, 'optimizerOptions apply to a named optimizer; set them on the optimizer you pass instead');
    if (lr !== undefined) spec.lr = lr;
    made = spec;
  } else if (typeof spec === 'function') {
    made = spec(params);
  } else if (typeof spec === 'string') {
    const factory = wrapErrors(fn, () => getOptimizer(spec));
    made = wrapErrors(fn, () => factory(params, { ...options, ...(lr === undefined ? {} : { lr }) }));
  } else {
    throw new EntropicError('TYPE', fn, `expected an optimizer, a factory (params) => optimizer or a registered optimizer name, got ${describeValue(spec)}`);
  }
  if (!(made instanceof Optimizer)) throw new EntropicError('TYPE', fn, `expected the optimizer factory to return an Optimizer, got ${describeValue(made)}`);
  return made as Optimizer;
}

/** Whether `step` must be given a closure that re-evaluates the objective (L-BFGS, Newton). */
export function needsClosure(opt: Optimizer): boolean {
  return opt instanceof LBFGS || opt instanceof NewtonCG || (opt as { requiresClosure?: unknown }).requiresClosure === true;
}

/** Runs `f`, re-throwing an error as one of `fn`'s with the same code (and the original as `cause`). */
export function wrapErrors<T>(fn: string, f: () => T, context = ''): T {
  try {
    return f();
  } catch (e) {
    const code = e instanceof EntropicError ? e.code : 'VALUE';
    throw new EntropicError(code, fn, `${context}${(e as Error).message}`, { cause: e });
  }
}

/** Milliseconds from a monotonic clock where there is one (browsers, Node), else the wall clock. */
export function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf !== undefined ? perf.now() : Date.now();
}
