/**
 * Each loss as a small class configured once, as PyTorch's `nn.CrossEntropyLoss(weight=…)`:
 * `const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1 }); criterion(logits, y)`.
 * Instances are callable (and have `forward`), so one can be passed anywhere a loss function
 * goes, `fit({ loss: criterion })` included.
 */
import type { Tensor } from '@entropic/core';
import type { AnyLoss } from './registry.js';
import { checkOptions, checkReduction } from './validate.js';
import {
  type BinaryCrossEntropyOptions, type BinaryCrossEntropyWithLogitsOptions, binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from './binary.js';
import { type CrossEntropyOptions, checkLabelSmoothing, crossEntropy } from './cross-entropy.js';
import { type NllLossOptions, nllLoss } from './nll.js';
import { type MseLossOptions, mseLoss } from './mse.js';
import { checkIgnoreIndex } from './classes.js';

/** A configured loss is also a function of (input, target). */
// biome-ignore lint/correctness/noUnusedVariables: the type parameters must match the class's to merge with it
/** A configured loss is also a function of (input, target): `criterion(logits, labels)`. */
export interface LossModule<O extends object = object> {
  // biome-ignore lint/style/useShorthandFunctionType: a call signature, merged into the class below
  (input: Tensor, target: Tensor): Tensor;
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface adds the call signature the constructor makes real
/**
 * A loss with its options fixed, as PyTorch's `nn.CrossEntropyLoss` and friends; instances are callable.
 * The classes of the built-in losses ({@link CrossEntropyLoss} and the others) extend it.
 *
 * @example
 * ```ts
 * const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = criterion(logits, labels);
 * ```
 */
export class LossModule<O extends object = object> {
  /** The options every call uses (frozen). */
  declare readonly options: Readonly<O>;
  /** The loss function this module calls. */
  declare readonly loss: AnyLoss;

  /**
   * `known` lists the option names the loss accepts: they and `reduction` are checked here, at
   * construction, so a typo fails where it was written rather than at the first batch.
   */
  constructor(loss: AnyLoss, options: O = {} as O, known?: readonly string[]) {
    const cls = new.target.name;
    if (typeof loss !== 'function') throw new Error(`${cls}: expected a loss function, got ${typeof loss}`);
    if (known !== undefined) {
      const o = checkOptions(cls, options, known) as { reduction?: unknown };
      checkReduction(cls, o.reduction);
    }
    // The instance *is* a function whose prototype is this class, so `criterion(x, y)`, `criterion.forward(x, y)` and `instanceof` all work.
    const self = ((input: Tensor, target: Tensor) => self.forward(input, target)) as LossModule<O>;
    Object.setPrototypeOf(self, new.target.prototype);
    // The function's name is the loss's, so a trainer dispatching on `loss.name` (fit feeds
    // probabilities to 'binaryCrossEntropy') treats the module like the function.
    Object.defineProperty(self, 'name', { value: loss.name });
    Object.defineProperty(self, 'options', { value: Object.freeze({ ...options }), enumerable: true });
    Object.defineProperty(self, 'loss', { value: loss });
    // biome-ignore lint/correctness/noConstructorReturn: returning the callable is the point
    return self;
  }

  /** The loss of `input` against `target` with this module's options. */
  forward(input: Tensor, target: Tensor): Tensor {
    return this.loss(input, target, this.options);
  }
}
// Instances are functions: give them call/apply/bind.
Object.setPrototypeOf(LossModule.prototype, Function.prototype);

/** `new BinaryCrossEntropyLoss({ weight, reduction })` (PyTorch's `nn.BCELoss`). */
export class BinaryCrossEntropyLoss extends LossModule<BinaryCrossEntropyOptions> {
  constructor(opts: BinaryCrossEntropyOptions = {}) {
    super(binaryCrossEntropy, opts, ['weight', 'reduction']);
  }
}

/** `new BinaryCrossEntropyWithLogitsLoss({ weight, posWeight, reduction })` (`nn.BCEWithLogitsLoss`). */
export class BinaryCrossEntropyWithLogitsLoss extends LossModule<BinaryCrossEntropyWithLogitsOptions> {
  constructor(opts: BinaryCrossEntropyWithLogitsOptions = {}) {
    super(binaryCrossEntropyWithLogits, opts, ['weight', 'posWeight', 'reduction']);
  }
}

/** `new CrossEntropyLoss({ weight, ignoreIndex, reduction, labelSmoothing })` (`nn.CrossEntropyLoss`). */
export class CrossEntropyLoss extends LossModule<CrossEntropyOptions> {
  constructor(opts: CrossEntropyOptions = {}) {
    super(crossEntropy, opts, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing']);
    checkIgnoreIndex('CrossEntropyLoss', opts.ignoreIndex);
    checkLabelSmoothing('CrossEntropyLoss', opts.labelSmoothing);
  }
}

/** `new NLLLoss({ weight, ignoreIndex, reduction })` (`nn.NLLLoss`). */
export class NLLLoss extends LossModule<NllLossOptions> {
  constructor(opts: NllLossOptions = {}) {
    super(nllLoss, opts, ['weight', 'ignoreIndex', 'reduction']);
    checkIgnoreIndex('NLLLoss', opts.ignoreIndex);
  }
}

/** `new MSELoss({ reduction })` (`nn.MSELoss`). */
export class MSELoss extends LossModule<MseLossOptions> {
  constructor(opts: MseLossOptions = {}) {
    super(mseLoss, opts, ['reduction']);
  }
}
