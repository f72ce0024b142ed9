/**
 * Functional transforms, JAX style and composable: `grad`, `valueAndGrad`, `jacobian`,
 * `hessian`, `hvp`, and `gradients` (torch.autograd.grad). None of them touches any `.grad`.
 *
 * Composition: a transform evaluates `f` with recording on and differentiates it with
 * `createGraph: 'auto'`: the backward pass is recorded whenever the graph reaches a tensor that
 * requires grad besides the transform's own arguments (an argument that itself requires grad, a
 * captured parameter, the variable of an outer transform). So `grad(grad(f))`, `hessian` and
 * `hvp` work, and a plain `grad(f)(x)` pays nothing for it.
 */
import { Tensor, full, shareVersion } from './tensor.js';
import { dependsBeyond, enableGrad, isGradEnabled, recordOp, runBackward } from './autograd.js';
import { isFloat } from './dtype.js';
import { EntropicError, describeValue } from './errors.js';
import { opt, parseOptions } from './options.js';
import { sameShape, shapeToString } from './shape.js';
import { mul } from './ops/binary.js';
import { sum } from './ops/reduce.js';
import { cast, reshape, stack } from './ops/shape.js';

type TensorFn = (...args: Tensor[]) => Tensor;

function checkFunction(fn: string, f: unknown): void {
  if (typeof f !== 'function') throw new EntropicError('TYPE', fn, `expected a function of Tensors, got ${describeValue(f)}`);
}

/**
 * The tensor a transform differentiates with respect to. An argument that requires grad (while
 * recording) is passed through a recorded identity, so the result stays differentiable with
 * respect to it; any other becomes a fresh leaf over the same storage. int32 and bool stay as they are.
 */
function variable(fn: string, a: unknown, i: number): Tensor {
  if (!(a instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected argument ${i} to be a Tensor, got ${describeValue(a)}`);
  if (!isFloat(a.dtype)) return a;
  if (isGradEnabled() && a.requiresGrad) {
    return recordOp('argument', shareVersion(a, new Tensor(a._data, a.shape)), [a], (g) => [g], []);
  }
  const leaf = a.detach();
  leaf.requiresGrad = true;
  return leaf;
}

function scalarOutput(fn: string, out: unknown): Tensor {
  if (!(out instanceof Tensor) || out.size !== 1) {
    throw new EntropicError('SHAPE', fn, `expected the function to return a scalar Tensor (one element), got ${describeValue(out)}`);
  }
  if (!isFloat(out.dtype)) throw new EntropicError('DTYPE', fn, `expected the function to return a float scalar, got ${out.dtype}`);
  return out;
}

function zerosLike(x: Tensor): Tensor {
  return full(x.shape, 0, { dtype: x.dtype });
}

/**
 * Gradients of `output` with respect to `targets` (float tensors), seeded with `seed`; zeros for
 * a target the output does not depend on. `createGraph` as `runBackward`.
 */
function gradientsOf(output: Tensor, seed: Tensor, targets: readonly Tensor[], createGraph: boolean | 'auto'): Tensor[] {
  const found = output.requiresGrad ? runBackward(output, seed, { createGraph, targets }) : targets.map(() => null);
  return targets.map((t, i) => found[i] ?? zerosLike(t));
}

function ones(t: Tensor): Tensor {
  return full(t.shape, 1, { dtype: t.dtype });
}

/** Options of {@link gradients}. */
export interface GradientsOptions {
  /** The gradient of some scalar with respect to `output` (needed when `output` is not a scalar). */
  gradOutput?: Tensor;
  /** Record the backward pass so the gradients can be differentiated again (default false). */
  createGraph?: boolean;
}

const GRADIENTS_OPTIONS = {
  gradOutput: opt.tensor(),
  createGraph: opt.boolean({ default: false }),
};

/**
 * `torch.autograd.grad`: the gradients of `output` with respect to each of `inputs` (tensors of
 * its graph, leaves or not), without writing any `.grad`. An input the output does not depend
 * on gets zeros. `createGraph: true` makes the gradients differentiable (e.g. for Hessian-vector
 * products by double backward).
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], opts?: GradientsOptions): Tensor[] {
  const fn = 'gradients';
  const o = parseOptions(fn, opts, GRADIENTS_OPTIONS);
  if (!(output instanceof Tensor)) throw new EntropicError('TYPE', fn, `expected the output to be a Tensor, got ${describeValue(output)}`);
  if (!Array.isArray(inputs) || inputs.some((t) => !(t instanceof Tensor) || !isFloat(t.dtype))) {
    throw new EntropicError('TYPE', fn, `expected inputs to be an array of float Tensors, got ${describeValue(inputs)}`);
  }
  let seed: Tensor;
  if (o.gradOutput === undefined) {
    if (output.size !== 1) throw new EntropicError('SHAPE', fn, `expected a scalar output or a gradOutput, got an output of shape ${shapeToString(output.shape)}`);
    seed = ones(output);
  } else {
    const g = o.gradOutput as Tensor;
    if (!sameShape(g.shape, output.shape)) {
      throw new EntropicError('SHAPE', fn, `expected gradOutput of the output's shape ${shapeToString(output.shape)}, got ${describeValue(g)}`);
    }
    seed = g.dtype === output.dtype ? g : cast(g, output.dtype);
  }
  return gradientsOf(output, seed, inputs, o.createGraph);
}

/**
 * `valueAndGrad(f)(...args)` → `[f(...args), [df/darg0, df/darg1, …]]` for a scalar-valued `f`.
 * No `.grad` anywhere is read or written, captured tensors' included. int32 and bool arguments get null.
 * The gradients are differentiable when they depend on something that requires grad (an outer
 * transform's variable, an argument or captured tensor with `requiresGrad`), so transforms compose.
 */
export function valueAndGrad(f: TensorFn): (...args: Tensor[]) => [Tensor, (Tensor | null)[]] {
  checkFunction('valueAndGrad', f);
  return (...args) => {
    const fn = 'valueAndGrad';
    const outer = isGradEnabled();
    const xs = args.map((a, i) => variable(fn, a, i));
    // A transform differentiates `f` even inside noGrad (as torch.func.grad).
    const value = scalarOutput(fn, enableGrad(() => f(...xs)));
    const floats = xs.filter((x) => isFloat(x.dtype));
    // Record the backward (and keep the value's graph) only when an outer derivative may need it.
    const connected = outer && value.requiresGrad && dependsBeyond(value, floats);
    const grads = gradientsOf(value, ones(value), floats, connected);
    let k = 0;
    const result = xs.map((x) => (isFloat(x.dtype) ? grads[k++]! : null));
    return [connected ? value : value.detach(), result];
  };
}

/** `grad(f)(...args)` → the gradients of f's scalar output with respect to each argument. */
export function grad(f: TensorFn): (...args: Tensor[]) => (Tensor | null)[] {
  checkFunction('grad', f);
  const vg = valueAndGrad(f);
  return (...args) => vg(...args)[1];
}

/**
 * `jacobian(f)(x)` → ∂f(x)/∂x of shape `[...f(x).shape, ...x.shape]` (one backward pass per
 * output element). Differentiable again when an outer transform needs it.
 */
export function jacobian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  checkFunction('jacobian', f);
  return (x) => jacobianAt('jacobian', f, x);
}

function jacobianAt(fn: string, f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const outer = isGradEnabled();
  const v = variable(fn, x, 0);
  if (!isFloat(v.dtype)) throw new EntropicError('DTYPE', fn, `expected a float argument, got ${v.dtype} of shape ${shapeToString(x.shape)}`);
  const y = enableGrad(() => f(v));
  if (!(y instanceof Tensor) || !isFloat(y.dtype)) throw new EntropicError('TYPE', fn, `expected the function to return a float Tensor, got ${describeValue(y)}`);
  const rows: Tensor[] = [];
  for (let i = 0; i < y.size; i++) {
    const seed = full(y.shape, 0, { dtype: y.dtype });
    seed._data[i] = 1;
    rows.push(gradientsOf(y, seed, [v], outer ? 'auto' : false)[0]!);
  }
  if (rows.length === 0) return full([...y.shape, ...x.shape], 0, { dtype: x.dtype });
  return reshape(stack(rows), [...y.shape, ...x.shape]);
}

/** `hessian(f)(x)` → the matrix of second derivatives of a scalar `f`, shape `[...x.shape, ...x.shape]`. */
export function hessian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  checkFunction('hessian', f);
  const df = (v: Tensor): Tensor => grad(f)(v)[0]!;
  return (x) => jacobianAt('hessian', df, x);
}

/**
 * `hvp(f)(x, v)` → H·v, the Hessian of a scalar `f` at `x` times `v` (x's shape), by double
 * backward: the gradient is computed with its graph, then the gradient of ⟨∇f, v⟩ — one extra
 * backward pass, no Hessian built.
 */
export function hvp(f: (x: Tensor) => Tensor): (x: Tensor, v: Tensor) => Tensor {
  checkFunction('hvp', f);
  return (x, v) => {
    const fn = 'hvp';
    const outer = isGradEnabled();
    const xv = variable(fn, x, 0);
    if (!isFloat(xv.dtype)) throw new EntropicError('DTYPE', fn, `expected a float argument, got ${xv.dtype} of shape ${shapeToString(x.shape)}`);
    if (!(v instanceof Tensor) || !sameShape(v.shape, x.shape)) {
      throw new EntropicError('SHAPE', fn, `expected v of x's shape ${shapeToString(x.shape)}, got ${describeValue(v)}`);
    }
    return enableGrad(() => {
      const value = scalarOutput(fn, f(xv));
      const [g] = gradientsOf(value, ones(value), [xv], true);
      const inner = sum(mul(g!, v));
      return gradientsOf(inner, ones(inner), [xv], outer ? 'auto' : false)[0]!;
    });
  };
}
