/**
 * Each loss as a small class configured once, as PyTorch's `nn.CrossEntropyLoss(weight=…)`:
 * `const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1 }); criterion(logits, y)`.
 * Instances are callable (and have `forward`), so one can be passed anywhere a loss function
 * goes, `fit({ loss: criterion })` included.
 */
import { EntropicError, type OptionSchema, type Tensor, describeValue, parseOptions } from '@entropic/core';
import type { AnyLoss } from './registry.js';
import { type LossMeta, lossMeta } from './meta.js';
import {
  BINARY_CROSS_ENTROPY_OPTIONS, BINARY_CROSS_ENTROPY_WITH_LOGITS_OPTIONS, type BinaryCrossEntropyOptions,
  type BinaryCrossEntropyWithLogitsOptions, binaryCrossEntropy, binaryCrossEntropyWithLogits,
} from './binary.js';
import { CROSS_ENTROPY_OPTIONS, type CrossEntropyOptions, crossEntropy } from './cross-entropy.js';
import { NLL_LOSS_OPTIONS, type NllLossOptions, nllLoss } from './nll.js';
import { MSE_LOSS_OPTIONS, type MseLossOptions, mseLoss } from './mse.js';
import { KL_DIV_OPTIONS, type KlDivOptions, klDiv } from './kl-div.js';
import {
  HUBER_LOSS_OPTIONS, type HuberLossOptions, L1_LOSS_OPTIONS, type L1LossOptions, SMOOTH_L1_LOSS_OPTIONS,
  type SmoothL1LossOptions, huberLoss, l1Loss, smoothL1Loss,
} from './robust.js';
import {
  MULTILABEL_SOFT_MARGIN_LOSS_OPTIONS, MULTI_MARGIN_LOSS_OPTIONS, type MultiMarginLossOptions,
  type MultilabelSoftMarginLossOptions, SOFT_MARGIN_LOSS_OPTIONS, type SoftMarginLossOptions, multiMarginLoss,
  multilabelSoftMarginLoss, softMarginLoss,
} from './margin.js';
import {
  GAUSSIAN_NLL_LOSS_OPTIONS, type GaussianNllLossOptions, POISSON_NLL_LOSS_OPTIONS, type PoissonNllLossOptions,
  gaussianNllLoss, poissonNllLoss,
} from './likelihood.js';
import { SIGMOID_FOCAL_LOSS_OPTIONS, type SigmoidFocalLossOptions, sigmoidFocalLoss } from './focal.js';

/** A configured loss is also a function of (input, target) (and of gaussianNllLoss's variance): `criterion(logits, labels)`. */
// biome-ignore lint/correctness/noUnusedVariables: the type parameters must match the class's to merge with it
export interface LossModule<O extends object = object> {
  // biome-ignore lint/style/useShorthandFunctionType: a call signature, merged into the class below
  (input: Tensor, target: Tensor, ...extra: Tensor[]): Tensor;
}

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
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface adds the call signature the constructor makes real
export class LossModule<O extends object = object> {
  /** The options every call uses (frozen). */
  declare readonly options: Readonly<O>;
  /** The loss function this module calls. */
  declare readonly loss: AnyLoss;
  /** What the loss takes (the loss's own `meta`; `{ input: 'values', target: 'values' }` for a plain function). */
  declare readonly meta: LossMeta;

  /**
   * `schema` is the loss's option schema: the options are checked here, at construction, so a
   * typo fails where it was written rather than at the first batch.
   */
  constructor(loss: AnyLoss, options: O = {} as O, schema?: OptionSchema) {
    const cls = new.target.name;
    if (typeof loss !== 'function') throw new EntropicError('TYPE', cls, `expected a loss function, got ${describeValue(loss)}`);
    if (schema !== undefined) parseOptions(cls, options, schema);
    // The instance *is* a function whose prototype is this class, so `criterion(x, y)`, `criterion.forward(x, y)` and `instanceof` all work.
    const self = ((input: Tensor, target: Tensor, ...extra: Tensor[]) => self.forward(input, target, ...extra)) as LossModule<O>;
    Object.setPrototypeOf(self, new.target.prototype);
    // The function's name is the loss's, so the module is saved and registered like the function.
    Object.defineProperty(self, 'name', { value: loss.name });
    Object.defineProperty(self, 'options', { value: Object.freeze({ ...options }), enumerable: true });
    Object.defineProperty(self, 'loss', { value: loss });
    Object.defineProperty(self, 'meta', { value: lossMeta(loss), enumerable: true });
    // biome-ignore lint/correctness/noConstructorReturn: returning the callable is the point
    return self;
  }

  /** The loss of `input` against `target` (and any further tensors the loss takes) with this module's options. */
  forward(input: Tensor, target: Tensor, ...extra: Tensor[]): Tensor {
    return this.loss(input, target, ...extra, this.options);
  }
}
// Instances are functions: give them call/apply/bind.
Object.setPrototypeOf(LossModule.prototype, Function.prototype);

/** `new BinaryCrossEntropyLoss({ weight, reduction })` (PyTorch's `nn.BCELoss`). */
export class BinaryCrossEntropyLoss extends LossModule<BinaryCrossEntropyOptions> {
  constructor(opts: BinaryCrossEntropyOptions = {}) {
    super(binaryCrossEntropy, opts, BINARY_CROSS_ENTROPY_OPTIONS);
  }
}

/** `new BinaryCrossEntropyWithLogitsLoss({ weight, posWeight, reduction })` (`nn.BCEWithLogitsLoss`). */
export class BinaryCrossEntropyWithLogitsLoss extends LossModule<BinaryCrossEntropyWithLogitsOptions> {
  constructor(opts: BinaryCrossEntropyWithLogitsOptions = {}) {
    super(binaryCrossEntropyWithLogits, opts, BINARY_CROSS_ENTROPY_WITH_LOGITS_OPTIONS);
  }
}

/** `new CrossEntropyLoss({ weight, ignoreIndex, reduction, labelSmoothing })` (`nn.CrossEntropyLoss`). */
export class CrossEntropyLoss extends LossModule<CrossEntropyOptions> {
  constructor(opts: CrossEntropyOptions = {}) {
    super(crossEntropy, opts, CROSS_ENTROPY_OPTIONS);
  }
}

/** `new NLLLoss({ weight, ignoreIndex, reduction })` (`nn.NLLLoss`). */
export class NLLLoss extends LossModule<NllLossOptions> {
  constructor(opts: NllLossOptions = {}) {
    super(nllLoss, opts, NLL_LOSS_OPTIONS);
  }
}

/** `new MSELoss({ reduction })` (`nn.MSELoss`). */
export class MSELoss extends LossModule<MseLossOptions> {
  constructor(opts: MseLossOptions = {}) {
    super(mseLoss, opts, MSE_LOSS_OPTIONS);
  }
}

/** `new KLDivLoss({ reduction, logTarget })` (`nn.KLDivLoss`). */
export class KLDivLoss extends LossModule<KlDivOptions> {
  constructor(opts: KlDivOptions = {}) {
    super(klDiv, opts, KL_DIV_OPTIONS);
  }
}

/** `new L1Loss({ reduction })` (`nn.L1Loss`). */
export class L1Loss extends LossModule<L1LossOptions> {
  constructor(opts: L1LossOptions = {}) {
    super(l1Loss, opts, L1_LOSS_OPTIONS);
  }
}

/** `new SmoothL1Loss({ beta, reduction })` (`nn.SmoothL1Loss`). */
export class SmoothL1Loss extends LossModule<SmoothL1LossOptions> {
  constructor(opts: SmoothL1LossOptions = {}) {
    super(smoothL1Loss, opts, SMOOTH_L1_LOSS_OPTIONS);
  }
}

/** `new HuberLoss({ delta, reduction })` (`nn.HuberLoss`). */
export class HuberLoss extends LossModule<HuberLossOptions> {
  constructor(opts: HuberLossOptions = {}) {
    super(huberLoss, opts, HUBER_LOSS_OPTIONS);
  }
}

/** `new SoftMarginLoss({ reduction })` (`nn.SoftMarginLoss`). */
export class SoftMarginLoss extends LossModule<SoftMarginLossOptions> {
  constructor(opts: SoftMarginLossOptions = {}) {
    super(softMarginLoss, opts, SOFT_MARGIN_LOSS_OPTIONS);
  }
}

/** `new MultiMarginLoss({ p, margin, weight, reduction })` (`nn.MultiMarginLoss`). */
export class MultiMarginLoss extends LossModule<MultiMarginLossOptions> {
  constructor(opts: MultiMarginLossOptions = {}) {
    super(multiMarginLoss, opts, MULTI_MARGIN_LOSS_OPTIONS);
  }
}

/** `new MultilabelSoftMarginLoss({ weight, reduction })` (`nn.MultiLabelSoftMarginLoss`). */
export class MultilabelSoftMarginLoss extends LossModule<MultilabelSoftMarginLossOptions> {
  constructor(opts: MultilabelSoftMarginLossOptions = {}) {
    super(multilabelSoftMarginLoss, opts, MULTILABEL_SOFT_MARGIN_LOSS_OPTIONS);
  }
}

/** `new PoissonNLLLoss({ logInput, full, eps, reduction })` (`nn.PoissonNLLLoss`). */
export class PoissonNLLLoss extends LossModule<PoissonNllLossOptions> {
  constructor(opts: PoissonNllLossOptions = {}) {
    super(poissonNllLoss, opts, POISSON_NLL_LOSS_OPTIONS);
  }
}

/** `new GaussianNLLLoss({ full, eps, reduction })`, called as `criterion(mean, target, variance)` (`nn.GaussianNLLLoss`). */
export class GaussianNLLLoss extends LossModule<GaussianNllLossOptions> {
  constructor(opts: GaussianNllLossOptions = {}) {
    super(gaussianNllLoss as AnyLoss, opts, GAUSSIAN_NLL_LOSS_OPTIONS);
  }

  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return gaussianNllLoss(input, target, variance, this.options);
  }
}

/** `new SigmoidFocalLoss({ alpha, gamma, reduction })` (torchvision's `sigmoid_focal_loss` as a module). */
export class SigmoidFocalLoss extends LossModule<SigmoidFocalLossOptions> {
  constructor(opts: SigmoidFocalLossOptions = {}) {
    super(sigmoidFocalLoss, opts, SIGMOID_FOCAL_LOSS_OPTIONS);
  }
}
