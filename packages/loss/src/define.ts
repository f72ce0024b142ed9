/**
 * defineLoss: the extension point. A user writes the loss of one element (or one sample) with
 * core ops; defineLoss adds what every loss needs — argument checks, `weight`, `reduction`,
 * typed extra parameters with defaults, a class, a registered name for `fit` — and autodiff
 * comes from the core ops the formula is made of.
 */
import { Tensor, broadcastShapes, mean, mul, shapeToString, sum } from '@entropic/core';
import { LossModule } from './modules.js';
import { registerLoss } from './registry.js';
import { checkClassTargets, classLayout } from './classes.js';
import {
  type ReductionOptions, checkFloatTensor, checkNoNaN, checkOptions, checkReduction, checkSameShape, checkTensor,
  describe, sameShape,
} from './validate.js';

/** A loss formula: the unreduced losses of `input` against `target`, written with core ops. */
export type LossFormula<P extends object> = (input: Tensor, target: Tensor, params: Readonly<P>) => Tensor;

/** The options of a defined loss: `reduction`, `weight`, and its own parameters. */
export type DefinedLossOptions<P extends object> = ReductionOptions & {
  /** Multiplies the unreduced losses; broadcast against them (they keep their shape). */
  weight?: Tensor;
} & Partial<P>;

/**
 * What {@link defineLoss} takes: a name, the loss formula (elementwise or per sample), parameters with defaults, and checks.
 *
 * @example
 * ```ts
 * import { abs, sub } from '@entropic/core';
 * import { defineLoss } from '@entropic/loss';
 * const absoluteError = defineLoss({ name: 'absoluteError', elementwise: (x, y) => abs(sub(x, y)) });
 * ```
 */
export interface LossDefinition<P extends object> {
  /** The loss's name: its function `name`, the prefix of its errors, and its registry key. */
  name: string;
  /** Loss per element: must return the input's shape (binary and regression losses). */
  elementwise?: LossFormula<P>;
  /**
   * Loss per sample: input `[N, C, d1, …]` (class axis 1) → losses `[N, d1, …]`; `[C]` → `[]`
   * (multi-class losses).
   */
  perSample?: LossFormula<P>;
  /** The extra parameters and their defaults, e.g. `{ gamma: 2 }`; a value must keep the default's type. */
  defaults?: P;
  /**
   * What the target must be, checked before the formula runs: `'sameShape'` (the input's shape,
   * no NaN; the default for elementwise), `'classIndex'` (int32 class indices in [0, C) of shape
   * `[N, d1, …]`; the default for perSample) or `'any'`.
   */
  target?: 'sameShape' | 'classIndex' | 'any';
  /** Further checks of the arguments; throw an Error to refuse them. */
  validate?: (input: Tensor, target: Tensor, params: Readonly<P>) => void;
  /** Register under `name` for `getLoss(name)` / `fit({ loss: name })` (default true). */
  register?: boolean;
}

/** A loss made by defineLoss: `(input, target, { reduction, weight, …params }) → Tensor`. */
export interface DefinedLoss<P extends object> {
  (input: Tensor, target: Tensor, opts?: DefinedLossOptions<P>): Tensor;
  /** Whether the formula is elementwise or per sample (class axis 1). */
  readonly kind: 'elementwise' | 'perSample';
  /** The extra parameters and their defaults, as declared. */
  readonly defaults: Readonly<P>;
  /** The loss as a configurable class: `new focal.Class({ gamma: 3 })`, callable as a loss. */
  readonly Class: new (opts?: DefinedLossOptions<P>) => LossModule<DefinedLossOptions<P>>;
}

const RESERVED = ['reduction', 'weight'];

function className(name: string): string {
  const base = name.charAt(0).toUpperCase() + name.slice(1);
  return base.endsWith('Loss') ? base : `${base}Loss`;
}

/** Each parameter with its default's type; numbers must be finite. */
function resolveParams<P extends object>(fn: string, defaults: P, opts: Record<string, unknown>): Readonly<P> {
  const params: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, def] of Object.entries(defaults)) {
    const v = opts[key];
    if (v === undefined) continue;
    const ok = def instanceof Tensor ? v instanceof Tensor
      : typeof def === 'number' ? typeof v === 'number' && Number.isFinite(v)
        : def === null ? true : typeof v === typeof def;
    if (!ok) {
      const want = def instanceof Tensor ? 'a Tensor' : typeof def === 'number' ? 'a finite number' : `a ${typeof def}`;
      throw new Error(`${fn}: expected ${key} to be ${want}, got ${describe(v)}`);
    }
    params[key] = v;
  }
  return Object.freeze(params) as Readonly<P>;
}

/**
 * Defines a loss from its unreduced formula. `defineLoss(formula)` is short for an unregistered
 * elementwise loss named after the function.
 */
export function defineLoss<P extends object = Record<string, never>>(definition: LossDefinition<P> | LossFormula<P>): DefinedLoss<P> {
  const spec: LossDefinition<P> = typeof definition === 'function'
    ? { name: definition.name || 'customLoss', elementwise: definition, register: false }
    : definition;
  if (spec === null || typeof spec !== 'object') {
    throw new Error(`defineLoss: expected { name, elementwise | perSample, defaults?, target?, validate?, register? } or a formula function, got ${describe(spec)}`);
  }
  const { name } = spec;
  if (typeof name !== 'string' || name.length === 0) throw new Error(`defineLoss: expected a non-empty string name, got ${describe(name)}`);
  const hasElementwise = typeof spec.elementwise === 'function';
  const hasPerSample = typeof spec.perSample === 'function';
  if (hasElementwise === hasPerSample) {
    throw new Error(`defineLoss: expected exactly one of elementwise and perSample to be a function for '${name}', got ${hasElementwise ? 'both' : 'neither'}`);
  }
  const kind = hasElementwise ? 'elementwise' : 'perSample';
  const formula = (spec.elementwise ?? spec.perSample)!;
  const defaults = Object.freeze({ ...(spec.defaults ?? ({} as P)) });
  for (const key of Object.keys(defaults)) {
    if (RESERVED.includes(key)) throw new Error(`defineLoss: '${name}' cannot define a parameter named '${key}' (every loss has it)`);
  }
  const targetKind = spec.target ?? (kind === 'elementwise' ? 'sameShape' : 'classIndex');
  if (!['sameShape', 'classIndex', 'any'].includes(targetKind)) {
    throw new Error(`defineLoss: expected target 'sameShape', 'classIndex' or 'any' for '${name}', got ${describe(targetKind)}`);
  }
  const known = [...RESERVED, ...Object.keys(defaults)];

  const loss = (input: Tensor, target: Tensor, opts?: DefinedLossOptions<P>): Tensor => {
    const o = checkOptions(name, opts, known) as Record<string, unknown>;
    const reduction = checkReduction(name, o.reduction);
    const x = checkFloatTensor(name, 'input', input);
    const y = checkTensor(name, 'target', target);
    const params = resolveParams(name, defaults, o);
    const layout = kind === 'perSample' || targetKind === 'classIndex' ? classLayout(name, x, 'input') : null;
    if (targetKind === 'sameShape') {
      checkSameShape(name, x, y);
      if (y.dtype !== 'int32') checkNoNaN(name, 'target', y);
    } else if (targetKind === 'classIndex') {
      checkClassTargets(name, y, layout!, null, x.shape);
    }
    spec.validate?.(x, y, params);
    const losses = formula(x, y, params);
    const expected = layout === null || kind === 'elementwise' ? x.shape : layout.positions;
    if (!(losses instanceof Tensor) || !sameShape(losses.shape, expected) || losses.dtype === 'int32') {
      const what = kind === 'elementwise' ? 'one loss per element' : 'one loss per sample';
      throw new Error(`${name}: expected the ${kind} formula to return ${what}, a float Tensor of shape ${shapeToString(expected)}, got ${describe(losses)}; return the unreduced losses (reduction is applied for you)`);
    }
    let weighted = losses;
    if (o.weight !== undefined) {
      const w = checkFloatTensor(name, 'weight', o.weight);
      checkNoNaN(name, 'weight', w);
      let shape: number[] | null = null;
      try {
        shape = broadcastShapes(name, w.shape, losses.shape);
      } catch {
        // reported below
      }
      if (shape === null || !sameShape(shape, losses.shape)) {
        throw new Error(`${name}: expected weight broadcastable to the losses' shape ${shapeToString(losses.shape)}, got shape ${shapeToString(w.shape)}`);
      }
      weighted = mul(losses, w);
    }
    if (reduction === 'none') return weighted;
    return reduction === 'sum' ? sum(weighted) : mean(weighted);
  };
  Object.defineProperty(loss, 'name', { value: name });

  const Class = class extends LossModule<DefinedLossOptions<P>> {
    constructor(opts: DefinedLossOptions<P> = {} as DefinedLossOptions<P>) {
      super(loss, opts, known);
      resolveParams(new.target.name, defaults, opts as Record<string, unknown>);
    }
  };
  Object.defineProperty(Class, 'name', { value: className(name) });

  const defined = Object.assign(loss, { kind, defaults, Class }) as DefinedLoss<P>;
  if (spec.register !== false) registerLoss(name, defined, {}, 'defineLoss');
  return defined;
}
