/** Finite-difference checks of first and second derivatives, in float64. */
import { Tensor } from './tensor.js';
import { noGrad } from './autograd.js';
import { isFloat } from './dtype.js';
import { EntropicError, describeValue } from './errors.js';
import { opt, parseOptions } from './options.js';
import { RandomGenerator } from './random.js';
import { cast, clone, concat, reshape } from './ops/shape.js';
import { mul } from './ops/binary.js';
import { sum } from './ops/reduce.js';
import { grad, valueAndGrad } from './transforms.js';

type TensorFn = (...args: Tensor[]) => Tensor;

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance of the comparison (default 1e-5). */
  atol?: number;
  /** Relative tolerance of the comparison (default 1e-3). */
  rtol?: number;
  /** Seed of the random projection used for non-scalar outputs. */
  seed?: number;
}

/** What {@link gradcheck} found. */
export interface GradcheckResult {
  /** Whether every gradient entry agreed within `atol + rtol·|numeric|`. */
  ok: boolean;
  /** The largest |analytic − numeric| over all entries. */
  maxAbsError: number;
  /** The largest relative difference over all entries. */
  maxRelError: number;
}

const CHECK_OPTIONS = {
  eps: opt.number({ gt: 0, default: 1e-6 }),
  atol: opt.number({ min: 0, default: 1e-5 }),
  rtol: opt.number({ min: 0, default: 1e-3 }),
  seed: opt.number({ integer: true, min: 0, default: 12345 }),
};

/** Float64 copies of the float inputs (int32 and bool ones kept: indices and conditions). */
function float64Inputs(fn: string, inputs: readonly Tensor[]): Tensor[] {
  if (!Array.isArray(inputs)) throw new EntropicError('TYPE', fn, `expected an array of input Tensors, got ${describeValue(inputs)}`);
  return inputs.map((x, i) => {
    if (!(x instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected input ${i} to be a Tensor, got ${describeValue(x)}`);
    return !isFloat(x.dtype) ? x : noGrad(() => clone(cast(x, 'float64')));
  });
}

function randomLike(shape: readonly number[], g: RandomGenerator): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return Tensor.fromData(Float64Array.from({ length: n }, () => g.normal()), shape);
}

/**
 * Compares reverse-mode gradients with central differences, in float64. A non-scalar output is
 * projected on a fixed random direction w (checking the vector–Jacobian product wᵀJ, which
 * catches a wrong Jacobian with probability 1).
 */
export function gradcheck(f: TensorFn, inputs: readonly Tensor[], opts?: GradcheckOptions): GradcheckResult {
  const { eps, atol, rtol, seed } = parseOptions('gradcheck', opts, CHECK_OPTIONS);
  const xs = float64Inputs('gradcheck', inputs);
  let direction: Tensor | null = null;
  const objective = (...args: Tensor[]): Tensor => {
    const out = f(...args);
    if (!(out instanceof Tensor)) throw new EntropicError('TYPE', 'gradcheck', `expected the function to return a Tensor, got ${describeValue(out)}`);
    const out64 = cast(out, 'float64');
    if (out64.size === 1) return sum(out64);
    direction ??= randomLike(out64.shape, new RandomGenerator(seed));
    return sum(mul(out64, direction));
  };
  const [, analytic] = valueAndGrad(objective)(...xs);
  let maxAbsError = 0;
  let maxRelError = 0;
  let ok = true;
  noGrad(() => {
    xs.forEach((x, i) => {
      if (!isFloat(x.dtype)) return;
      const data = x._data;
      const a = analytic[i]!._data;
      for (let j = 0; j < data.length; j++) {
        const orig = data[j]!;
        data[j] = orig + eps;
        const up = objective(...xs).item();
        data[j] = orig - eps;
        const down = objective(...xs).item();
        data[j] = orig;
        const numeric = (up - down) / (2 * eps);
        const err = Math.abs(numeric - a[j]!);
        maxAbsError = Math.max(maxAbsError, err);
        maxRelError = Math.max(maxRelError, err / Math.max(Math.abs(numeric), 1e-12));
        if (!(err <= atol + rtol * Math.abs(numeric))) ok = false;
      }
    });
  });
  return { ok, maxAbsError, maxRelError };
}

/**
 * Checks second derivatives (PyTorch's gradgradcheck): the first derivatives of ⟨f(x), w⟩ with
 * respect to every float input, for a fixed random w of f's output shape, are gradchecked as a
 * function of the inputs and of w, i.e. reverse-over-reverse against central differences of
 * reverse-mode gradients. Catches a backward that is wrong, or not differentiable, under
 * `createGraph`.
 */
export function gradgradcheck(f: TensorFn, inputs: readonly Tensor[], opts?: GradcheckOptions): GradcheckResult {
  const o = parseOptions('gradgradcheck', opts, CHECK_OPTIONS);
  const xs = float64Inputs('gradgradcheck', inputs);
  if (!xs.some((x) => isFloat(x.dtype))) throw new EntropicError('VALUE', 'gradgradcheck', 'expected at least one float input, got only int32 or bool inputs');
  const out0 = noGrad(() => f(...xs));
  if (!(out0 instanceof Tensor)) throw new EntropicError('TYPE', 'gradgradcheck', `expected the function to return a Tensor, got ${describeValue(out0)}`);
  const w = randomLike(out0.shape, new RandomGenerator(o.seed + 1));
  const firstDerivatives = (...args: Tensor[]): Tensor => {
    const outputGrad = args[args.length - 1]!;
    const grads = grad((...ys: Tensor[]) => sum(mul(cast(f(...ys), 'float64'), outputGrad)))(...args.slice(0, -1));
    return concat(grads.filter((g): g is Tensor => g !== null).map((g) => reshape(g, [-1])));
  };
  return gradcheck(firstDerivatives, [...xs, w], o);
}
