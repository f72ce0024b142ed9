/** JAX-style functional transforms and the finite-difference gradient check. */
import { Tensor } from './tensor.js';
import { noGrad } from './autograd.js';
import { isFloat } from './dtype.js';
import { shapeToString } from './shape.js';
import { Generator } from './random.js';
import { cast, clone } from './ops/shape.js';
import { mul } from './ops/binary.js';
import { sum } from './ops/reduce.js';

type TensorFn = (...args: Tensor[]) => Tensor;

function leaves(fn: string, args: readonly Tensor[]): Tensor[] {
  return args.map((a, i) => {
    if (!(a instanceof Tensor)) throw new Error(`${fn}: argument ${i} must be a Tensor, got ${a === null ? 'null' : typeof a}`);
    const leaf = a.detach();
    if (isFloat(leaf.dtype)) leaf.requiresGrad = true;
    return leaf;
  });
}

function scalarOutput(fn: string, out: unknown): Tensor {
  if (!(out instanceof Tensor) || out.size !== 1) {
    const got = out instanceof Tensor ? `shape ${shapeToString(out.shape)}` : typeof out;
    throw new Error(`${fn}: the function must return a scalar Tensor, got ${got}`);
  }
  return out;
}

/**
 * `valueAndGrad(f)(...args)` → `[f(...args), [df/darg0, df/darg1, …]]`; the arguments are not
 * modified (their `.grad` stays as it was). int32 and bool arguments get a null gradient.
 */
export function valueAndGrad(f: TensorFn): (...args: Tensor[]) => [Tensor, (Tensor | null)[]] {
  return (...args) => {
    const xs = leaves('valueAndGrad', args);
    const value = scalarOutput('valueAndGrad', f(...xs));
    if (value.requiresGrad) value.backward();
    return [value.detach(), xs.map((x) => (!isFloat(x.dtype) ? null : (x.grad ?? noGrad(() => mul(x, 0)))))];
  };
}

/** `grad(f)(...args)` → the gradients of f's scalar output with respect to each argument. */
export function grad(f: TensorFn): (...args: Tensor[]) => (Tensor | null)[] {
  const vg = valueAndGrad(f);
  return (...args) => vg(...args)[1];
}

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

/**
 * Compares reverse-mode gradients with central differences, in float64. A non-scalar output is
 * projected on a fixed random direction w (checking the vector–Jacobian product wᵀJ, which
 * catches a wrong Jacobian with probability 1).
 */
export function gradcheck(f: TensorFn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const xs = inputs.map((x, i) => {
    if (!(x instanceof Tensor)) throw new Error(`gradcheck: input ${i} must be a Tensor`);
    return !isFloat(x.dtype) ? x : noGrad(() => clone(cast(x, 'float64')));
  });
  let direction: Tensor | null = null;
  const objective = (...args: Tensor[]): Tensor => {
    const out = f(...args);
    if (!(out instanceof Tensor)) throw new Error('gradcheck: the function must return a Tensor');
    const out64 = cast(out, 'float64');
    if (out64.size === 1) return sum(out64);
    if (direction === null) {
      const g = new Generator(opts.seed ?? 12345);
      direction = Tensor.fromData(Float64Array.from({ length: out64.size }, () => g.normal()), out64.shape);
    }
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
