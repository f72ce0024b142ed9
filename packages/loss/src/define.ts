/**
 * defineLoss: the extension point. A user writes the loss of one element (or one sample) with
 * core ops; defineLoss adds what every loss needs — argument checks, `weight`, `reduction`,
 * typed extra parameters with defaults, metadata, a class, a registered name for `fit` — and
 * autodiff comes from the core ops the formula is made of.
 */
import {
  EntropicError, type OptionRule, type OptionSchema, Tensor, describeValue, isFloat, mul, opt, parseOptions, sameShape,
  shapeToString,
} from '@entropic/core';
import { LossModule } from './modules.js';
import { registerLoss } from './registry.js';
import { checkClassTargets, classLayout } from './classes.js';
import { LOSS_META_EXPECTED, type LossMeta, type WithMeta, isLossMeta, withMeta } from './meta.js';
import { reduceLosses } from './reduce.js';
import {
  REDUCTION, type ReductionOptions, checkBroadcastable, checkFloatTensor, checkNoNaN, checkSameShape, lossArguments,
} from './validate.js';

/** A loss formula: the unreduced losses of `input` against `target`, written with core ops. */
export type LossFormula<P extends object> = (input: Tensor, target: Tensor, params: Readonly<P>) => Tensor;

/** No extra parameters: what a loss defined without `defaults` has. */
export type NoParams = Record<never, never>;

/** The options of a defined loss: `reduction`, `weight`, and its own parameters. */
export type DefinedLossOptions<P extends object = NoParams> = ReductionOptions & {
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
export interface LossDefinition<P extends object = NoParams> {
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
  /**
   * What the loss takes, so that a model picks its output head from it. Default: `{ input:
   * 'logits', target: 'classIndex' }` for class-index targets, else `{ input: 'values', target:
   * 'values' }` — both mean "the model's raw outputs". Say `{ input: 'logits', target:
   * 'probabilities' }` for a loss on logits and 0/1 labels, `'probabilities'` for one that wants σ
   * or softmax applied first.
   */
  meta?: LossMeta;
  /** Register under `name` for `getLoss(name)` / `fit({ loss: name })` (default true). */
  register?: boolean;
  /** Replace a loss registered earlier under the same name (default false: a clash is an error). */
  override?: boolean;
}

/** A loss made by defineLoss: `(input, target, { reduction, weight, …params }) → Tensor`. */
export interface DefinedLoss<P extends object = NoParams> {
  (input: Tensor, target: Tensor, opts?: DefinedLossOptions<P>): Tensor;
  /** Whether the formula is elementwise or per sample (class axis 1). */
  readonly kind: 'elementwise' | 'perSample';
  /** The extra parameters and their defaults, as declared. */
  readonly defaults: Readonly<P>;
  /** What the loss takes (see `LossDefinition.meta`). */
  readonly meta: LossMeta;
  /** The loss as a configurable class: `new focal.Class({ gamma: 3 })`, callable as a loss. */
  readonly Class: new (opts?: DefinedLossOptions<P>) => LossModule<DefinedLossOptions<P>>;
}

const RESERVED = ['reduction', 'weight'];

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPlainObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);

const DEFINITION = {
  name: opt.custom('a non-empty string', isNonEmptyString, { required: true }),
  elementwise: opt.function<LossFormula<never>>(),
  perSample: opt.function<LossFormula<never>>(),
  defaults: opt.custom('an object of parameter defaults', isPlainObject),
  target: opt.oneOf(['sameShape', 'classIndex', 'any'] as const),
  validate: opt.function(),
  meta: opt.custom(LOSS_META_EXPECTED, isLossMeta),
  register: opt.boolean({ default: true }),
  override: opt.boolean({ default: false }),
};

function className(name: string): string {
  const base = name.charAt(0).toUpperCase() + name.slice(1);
  return base.endsWith('Loss') ? base : `${base}Loss`;
}

/** The rule of a parameter: its default's type (numbers finite), the default when absent. */
function parameterRule(def: unknown): OptionRule<unknown> {
  if (def instanceof Tensor) return opt.custom('a Tensor', (v): v is Tensor => v instanceof Tensor, { default: def });
  if (typeof def === 'number') return opt.number({ default: def });
  if (typeof def === 'boolean') return opt.boolean({ default: def });
  if (def === null) return opt.custom('any value', (_v): _v is unknown => true, { default: null });
  return opt.custom(`a ${typeof def}`, (v): v is unknown => typeof v === typeof def, { default: def });
}

/**
 * Defines a loss from its unreduced formula. `defineLoss(formula)` is short for an unregistered
 * elementwise loss named after the function.
 */
export function defineLoss<P extends object = NoParams>(definition: LossDefinition<P> | LossFormula<P>): DefinedLoss<P> {
  const spec = parseOptions(
    'defineLoss',
    typeof definition === 'function' ? { name: definition.name || 'customLoss', elementwise: definition, register: false } : definition,
    DEFINITION,
  );
  const { name } = spec;
  const hasElementwise = spec.elementwise !== undefined;
  if (hasElementwise === (spec.perSample !== undefined)) {
    throw new EntropicError('OPTION', 'defineLoss', `expected exactly one of elementwise and perSample to be a function for '${name}', got ${hasElementwise ? 'both' : 'neither'}`);
  }
  const kind = hasElementwise ? 'elementwise' : 'perSample';
  const formula = (spec.elementwise ?? spec.perSample)! as LossFormula<P>;
  const validate = spec.validate as LossDefinition<P>['validate'];
  const defaults = Object.freeze({ ...((spec.defaults ?? {}) as P) });
  const schema: OptionSchema = { reduction: REDUCTION, weight: opt.tensor() };
  for (const [key, def] of Object.entries(defaults)) {
    if (RESERVED.includes(key)) throw new EntropicError('OPTION', 'defineLoss', `'${name}' cannot define a parameter named '${key}' (every loss has it)`);
    schema[key] = parameterRule(def);
  }
  const targetKind = spec.target ?? (kind === 'elementwise' ? 'sameShape' : 'classIndex');
  const meta: LossMeta = spec.meta ?? (targetKind === 'classIndex' ? { input: 'logits', target: 'classIndex' } : { input: 'values', target: 'values' });

  const loss = (input: Tensor, target: Tensor, opts?: DefinedLossOptions<P>): Tensor => {
    const { x, y, o } = lossArguments(name, input, target, opts, schema);
    const { reduction, weight, ...rest } = o as { reduction: 'mean' | 'sum' | 'none'; weight?: Tensor };
    const params = Object.freeze(rest) as Readonly<P>;
    const layout = kind === 'perSample' || targetKind === 'classIndex' ? classLayout(name, x, 'input') : null;
    if (targetKind === 'sameShape') {
      checkSameShape(name, x, y);
      checkNoNaN(name, 'target', y);
    } else if (targetKind === 'classIndex') {
      checkClassTargets(name, y, layout!, null, x.shape);
    }
    validate?.(x, y, params);
    const losses = formula(x, y, params);
    const expected = layout === null || kind === 'elementwise' ? x.shape : layout.positions;
    if (!(losses instanceof Tensor) || !sameShape(losses.shape, expected) || !isFloat(losses.dtype)) {
      const what = kind === 'elementwise' ? 'one loss per element' : 'one loss per sample';
      throw new EntropicError('SHAPE', name, `expected the ${kind} formula to return ${what}, a float Tensor of shape ${shapeToString(expected)}, got ${describeValue(losses)}; return the unreduced losses (reduction is applied for you)`);
    }
    let weighted = losses;
    if (weight !== undefined) {
      const w = checkFloatTensor(name, 'weight', weight);
      checkNoNaN(name, 'weight', w);
      checkBroadcastable(name, 'weight', w, losses.shape, "the losses' shape");
      weighted = mul(losses, w);
    }
    return reduceLosses(weighted, reduction);
  };
  Object.defineProperty(loss, 'name', { value: name });
  const withMetadata: WithMeta<typeof loss> = withMeta(loss, meta);

  const Class = class extends LossModule<DefinedLossOptions<P>> {
    constructor(opts: DefinedLossOptions<P> = {} as DefinedLossOptions<P>) {
      super(withMetadata, opts, schema);
    }
  };
  Object.defineProperty(Class, 'name', { value: className(name) });

  const defined = Object.assign(withMetadata, { kind, defaults, Class }) as DefinedLoss<P>;
  if (spec.register) registerLoss(name, defined, { override: spec.override }, 'defineLoss');
  return defined;
}
