/** Activation modules, `Dropout`, `Sequential` and `MLP`, as torch.nn. */
import {
  EntropicError, RandomGenerator, Tensor, cast, describeValue, logSoftmax, mul, noGrad, opt, parseOptions, randomSeed, record, relu,
  sigmoid, softmax, softplus, tanh,
} from '@entropic/core';
import { Module } from './module.js';
import { Linear, seedOption } from './linear.js';
import { type FitHistory, type FitOptions, fit } from './fit.js';
import { type MatrixLike, type VectorLike, toMatrix } from './input.js';
import { classesFromLogits, probabilitiesFromLogits } from './heads.js';
import { registerModuleClass } from './serialize.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Softplus extends Module {
  forward(x: Tensor): Tensor {
    return softplus(x);
  }
}

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

function checkAxis(fn: string, axis: unknown): number {
  if (!Number.isInteger(axis)) throw new EntropicError('VALUE', fn, `expected axis to be an integer, got ${describeValue(axis)}`);
  return axis as number;
}

export class Softmax extends Module {
  /** The axis the probabilities sum to 1 along. */
  readonly axis: number;

  constructor(axis = -1) {
    super();
    this.axis = checkAxis('Softmax', axis);
  }

  forward(x: Tensor): Tensor {
    return softmax(x, { axis: this.axis });
  }

  override getConfig(): unknown[] {
    return [this.axis];
  }
}

export class LogSoftmax extends Module {
  /** The axis of the softmax. */
  readonly axis: number;

  constructor(axis = -1) {
    super();
    this.axis = checkAxis('LogSoftmax', axis);
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, { axis: this.axis });
  }

  override getConfig(): unknown[] {
    return [this.axis];
  }
}

/**
 * torch.nn.Dropout: in training, zeroes each element with probability p and scales the rest by
 * 1/(1 − p) (so the expected value is unchanged); in eval mode, the identity. Seeded.
 */
export class Dropout extends Module {
  private readonly generator: RandomGenerator;

  constructor(
    /** The probability of zeroing an element during training (default 0.5). */
    readonly p = 0.5,
    opts: { seed?: number } = {},
  ) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new EntropicError('VALUE', 'Dropout', `expected p in [0, 1), got ${describeValue(p)}`);
    const { seed } = parseOptions('Dropout', opts, { seed: seedOption });
    this.generator = new RandomGenerator(seed ?? randomSeed());
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = 1 / (1 - this.p);
    const mask = x.dtype === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.generator.uniform() < this.p ? 0 : keep;
    const m = Tensor.fromData(mask, x.shape.slice());
    const out = noGrad(() => mul(x, m));
    return record('dropout', out, [x], (g) => [mul(g, m)], { higherOrder: true });
  }

  /** The generator's position is not saved (PyTorch's state dict leaves RNG state out too). */
  override getConfig(): unknown[] {
    return [this.p];
  }
}

/** Modules applied in order; children are named '0', '1', … as in PyTorch. */
export class Sequential extends Module {
  private readonly layers: Module[] = [];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new EntropicError('TYPE', 'Sequential', `expected argument ${i} to be a Module, got ${describeValue(m)}`);
      this.layers.push(this.registerModule(String(i), m));
    });
  }

  /** The number of modules. */
  get length(): number {
    return this.layers.length;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): Module {
    const m = this.layers.at(i);
    if (m === undefined) throw new EntropicError('VALUE', 'Sequential.at', `expected an index in [${-this.layers.length}, ${this.layers.length - 1}], got ${i}`);
    return m;
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const m of this.layers) h = m.forward(h);
    return h;
  }

  override getConfig(): unknown[] {
    return this.layers.slice();
  }

  /** Trains in place with the general loop: `fit(this, X, y, opts)`. */
  fit(X: MatrixLike, y: VectorLike | Tensor, opts: FitOptions = {}): FitHistory {
    return fit(this, X, y, opts);
  }

  /** The outputs for `X` in eval mode, without recording a graph (the mode is put back). */
  protected outputs(fn: string, X: MatrixLike): Tensor {
    const x = toMatrix(fn, X);
    const dtype = this.parameters()[0]?.dtype ?? x.dtype;
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => this.forward(x.dtype === dtype ? x : cast(x, dtype)));
    } finally {
      this.train(wasTraining);
    }
  }

  /**
   * Class probabilities, reading the outputs as logits (as a classifier trained with
   * `crossEntropy` or `binaryCrossEntropyWithLogits` gives them): the softmax of each row, or
   * σ(z) as [n] = P(y = 1) for one output.
   */
  predictProba(X: MatrixLike): Tensor {
    return probabilitiesFromLogits(this.outputs(`${this.constructor.name}.predictProba`, X));
  }

  /**
   * Class indices (int32 [n]): each row's first arg max, or z > 0 for one output. (A regressor's
   * predictions are its outputs: `forward(x)` in eval mode under `noGrad`.)
   */
  predict(X: MatrixLike): Tensor {
    return classesFromLogits(this.outputs(`${this.constructor.name}.predict`, X));
  }
}

/** The activations {@link MLP} knows by name. */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'identity';

const ACTIVATIONS: Record<ActivationName, () => Module> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  softplus: () => new Softplus(),
  identity: () => new Identity(),
};

/** Options of {@link MLP}. */
export interface MLPOptions {
  /** Between hidden layers (not after the last): a name or a factory (default 'relu'). */
  activation?: ActivationName | (() => Module);
  /** One seed initialises every layer, in order, from one generator. */
  seed?: number;
  /** Give every Linear layer a bias (default true). */
  bias?: boolean;
  /** The parameters' dtype (default float32). */
  dtype?: 'float32' | 'float64';
}

const MLP_OPTIONS = {
  activation: opt.custom(
    `one of ${Object.keys(ACTIVATIONS).map((a) => `'${a}'`).join(', ')} or a function returning a Module`,
    (v): v is ActivationName | (() => Module) => typeof v === 'function' || (typeof v === 'string' && Object.hasOwn(ACTIVATIONS, v)),
    { default: 'relu' as ActivationName | (() => Module) },
  ),
  seed: seedOption,
  bias: opt.boolean({ default: true }),
  dtype: opt.oneOf(['float32', 'float64'] as const, { default: 'float32' }),
};

/**
 * A multilayer perceptron `sizes[0] → … → sizes[last]`: Linear layers with an activation
 * between them and none after the last (its output is logits, for a loss that takes logits).
 */
export class MLP extends Sequential {
  /** The layer sizes, input first. */
  readonly sizes: readonly number[];
  /** The activation's name, or null when a factory function was given (not serialisable). */
  readonly activation: ActivationName | null;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** The parameters' dtype. */
  readonly dtype: 'float32' | 'float64';

  constructor(sizes: readonly number[], opts: MLPOptions = {}) {
    if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) {
      throw new EntropicError('VALUE', 'MLP', `expected at least two positive integer layer sizes, got ${JSON.stringify(sizes)}`);
    }
    const o = parseOptions('MLP', opts, MLP_OPTIONS);
    const make = typeof o.activation === 'function' ? o.activation : ACTIVATIONS[o.activation];
    const generator = new RandomGenerator(o.seed ?? randomSeed());
    const modules: Module[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      modules.push(new Linear(sizes[i]!, sizes[i + 1]!, { generator, bias: o.bias, dtype: o.dtype }));
      if (i + 2 < sizes.length) modules.push(make());
    }
    super(...modules);
    this.sizes = sizes.slice();
    this.activation = typeof o.activation === 'function' ? null : o.activation;
    this.bias = o.bias;
    this.dtype = o.dtype;
  }

  override getConfig(): unknown[] {
    if (this.activation === null) {
      throw new EntropicError('STATE', 'MLP.getConfig', 'an MLP built with an activation factory cannot be saved; use an activation name, or a Sequential of registered modules');
    }
    return [this.sizes.slice(), { activation: this.activation, bias: this.bias, dtype: this.dtype }];
  }
}

registerModuleClass(ReLU, 'ReLU');
registerModuleClass(Sigmoid, 'Sigmoid');
registerModuleClass(Tanh, 'Tanh');
registerModuleClass(Softplus, 'Softplus');
registerModuleClass(Identity, 'Identity');
registerModuleClass(Softmax, 'Softmax');
registerModuleClass(LogSoftmax, 'LogSoftmax');
registerModuleClass(Dropout, 'Dropout');
registerModuleClass(Sequential, 'Sequential');
registerModuleClass(MLP, 'MLP');
