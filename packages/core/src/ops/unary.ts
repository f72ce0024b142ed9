/**
 * Unary elementwise ops: forward kernel and gradient side by side. A gradient reads the tensor
 * its node saved (`saved[0]`, the input or the output), so it is one function for every call:
 * no closure per call for the graph to keep alive (see binary.ts). The activations' gradients
 * (tanh, sigmoid, relu) take one fused kernel pass when the backward is not recorded.
 */
import { Tensor } from '../tensor.js';
import { type DType, type FloatArray, allocate, isFloat } from '../dtype.js';
import { EntropicError, describeValue } from '../errors.js';
import { opt, parseOptions } from '../options.js';
import { type GradNode, type OpBackward, isGradEnabled, recordOp, recording } from '../autograd.js';
import { type UnaryGradKernel, type UnaryKernel, backend } from '../backend/index.js';
import type { OpInfo } from './opinfo.js';
import { add, binaryKernel, div, mul, sub } from './binary.js';
import { where } from './indexing.js';

function checkTensor(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', op, `expected a Tensor, got ${describeValue(x)}`);
}

/**
 * Runs a unary kernel into a new tensor; transcendental ops of int32 give float32, as PyTorch,
 * and bool computes as 0/1 int32.
 */
function unaryKernel(op: UnaryKernel, x: Tensor, keepsInt = false): Tensor {
  checkTensor(op, x);
  const dtype: DType = isFloat(x.dtype) ? x.dtype : keepsInt ? 'int32' : 'float32';
  let src = x._data;
  if (dtype !== x.dtype) {
    src = allocate(dtype, x.size);
    backend().cast(x._data, src);
  }
  const out = allocate(dtype, x.size);
  backend().unary(op, src, out);
  return new Tensor(out, x.shape);
}

/** The one tensor a unary op's node saved: its input or its output. */
function saved(node: GradNode): Tensor {
  return node.saved[0]!;
}

/**
 * g·f′ of an activation in one kernel pass, from the tensor its node saved, or null when the
 * backward is being recorded (createGraph): then the op writes its gradient with recorded ops,
 * which can be differentiated again. A plain backward thus makes one tensor, not three or four;
 * the kernel rounds as those ops do, so both give the same bits.
 */
function fusedGrad(op: UnaryGradKernel, g: Tensor, s: Tensor): Tensor | null {
  if (isGradEnabled() || g.dtype !== s.dtype || !isFloat(g.dtype)) return null;
  const out = allocate(g.dtype, g.size);
  backend().unaryGrad(op, g._data as FloatArray, s._data as FloatArray, out as FloatArray);
  return new Tensor(out, g.shape);
}

/** −x elementwise. */
export function neg(x: Tensor): Tensor {
  const out = unaryKernel('neg', x, true);
  return recording(x) ? recordOp('neg', out, [x], negGrad, []) : out;
}

const negGrad: OpBackward = (g) => [neg(g)];

/** eˣ elementwise. */
export function exp(x: Tensor): Tensor {
  const out = unaryKernel('exp', x);
  return recording(x) ? recordOp('exp', out, [x], expGrad, [out]) : out;
}

const expGrad: OpBackward = (g, node) => [mul(g, saved(node))];

/** The natural logarithm elementwise (−∞ at 0, NaN below 0, as PyTorch). */
export function log(x: Tensor): Tensor {
  const out = unaryKernel('log', x);
  return recording(x) ? recordOp('log', out, [x], logGrad, [x]) : out;
}

const logGrad: OpBackward = (g, node) => [div(g, saved(node))];

/** log(1 + x) elementwise, accurate for tiny |x| (where `log(add(x, 1))` loses every digit). */
export function log1p(x: Tensor): Tensor {
  const out = unaryKernel('log1p', x);
  return recording(x) ? recordOp('log1p', out, [x], log1pGrad, [x]) : out;
}

const log1pGrad: OpBackward = (g, node) => [div(g, add(saved(node), 1))];

/** √x elementwise. */
export function sqrt(x: Tensor): Tensor {
  const out = unaryKernel('sqrt', x);
  return recording(x) ? recordOp('sqrt', out, [x], sqrtGrad, [out]) : out;
}

const sqrtGrad: OpBackward = (g, node) => [div(g, mul(saved(node), 2))];

/** abs'(0) = 0, as PyTorch. */
export function abs(x: Tensor): Tensor {
  const out = unaryKernel('abs', x, true);
  return recording(x) ? recordOp('abs', out, [x], absGrad, [x]) : out;
}

const absGrad: OpBackward = (g, node) => [mul(g, unaryKernel('sign', saved(node), true))];

/** A primitive rather than 1/(1+exp(−x)) so the forward is stable for large |x|. */
export function sigmoid(x: Tensor): Tensor {
  const out = unaryKernel('sigmoid', x);
  return recording(x) ? recordOp('sigmoid', out, [x], sigmoidGrad, [out]) : out;
}

const sigmoidGrad: OpBackward = (g, node) => {
  const out = saved(node);
  return [fusedGrad('sigmoid', g, out) ?? mul(mul(g, sub(1, out)), out)];
};

/** The hyperbolic tangent elementwise; its gradient 1 − tanh² comes from the output. */
export function tanh(x: Tensor): Tensor {
  const out = unaryKernel('tanh', x);
  return recording(x) ? recordOp('tanh', out, [x], tanhGrad, [out]) : out;
}

const tanhGrad: OpBackward = (g, node) => {
  const out = saved(node);
  return [fusedGrad('tanh', g, out) ?? mul(g, sub(1, mul(out, out)))];
};

/** −1, 0 or 1 (NaN stays NaN); its gradient is 0 everywhere, as PyTorch. */
export function sign(x: Tensor): Tensor {
  const out = unaryKernel('sign', x, true);
  return recording(x) ? recordOp('sign', out, [x], signGrad, []) : out;
}

const signGrad: OpBackward = (g) => [mul(g, 0)];

/** x², gradient 2x. */
export function square(x: Tensor): Tensor {
  checkTensor('square', x);
  return mul(x, x);
}

/**
 * log σ(x) = min(x, 0) − log1p(exp(−|x|)): exact for every x (log(sigmoid(x)) is −∞ below −745).
 * Fused gradient 1 − σ(x), computed as σ(−x) so that it keeps its digits where σ(x) ≈ 1.
 */
export function logSigmoid(x: Tensor): Tensor {
  const out = unaryKernel('logSigmoid', x);
  return recording(x) ? recordOp('logSigmoid', out, [x], logSigmoidGrad, [x]) : out;
}

const logSigmoidGrad: OpBackward = (g, node) => [mul(g, sigmoid(neg(saved(node))))];

/** relu'(0) = 0, as PyTorch. */
export function relu(x: Tensor): Tensor {
  const out = unaryKernel('relu', x, true);
  return recording(x) ? recordOp('relu', out, [x], reluGrad, [x]) : out;
}

const reluGrad: OpBackward = (g, node) => {
  const x = saved(node);
  return [fusedGrad('relu', g, x) ?? mul(g, binaryKernel('gt', x, zeroLike(x), g.dtype))];
};

/** log(1 + eˣ), PyTorch's (β = 1, threshold 20: the identity above 20). Gradient σ(x), exactly 1 above 20. */
export function softplus(x: Tensor): Tensor {
  const out = unaryKernel('softplus', x);
  return recording(x) ? recordOp('softplus', out, [x], softplusGrad, [x]) : out;
}

const softplusGrad: OpBackward = (g, node) => {
  const x = saved(node);
  return [mul(g, where(binaryKernel('gt', x, scalar(20, x.dtype)), 1, sigmoid(x)))];
};

/** Bounds of {@link clamp}; either may be left out. */
export interface ClampOptions {
  /** Values below this become it (no lower bound when omitted). */
  min?: number;
  /** Values above this become it (no upper bound when omitted). */
  max?: number;
}

const CLAMP_OPTIONS = { min: opt.number({ infinite: true }), max: opt.number({ infinite: true }) };

/** min(max(x, min), max); the gradient passes where min ≤ x ≤ max (bounds included), as PyTorch. */
export function clamp(x: Tensor, opts?: ClampOptions): Tensor {
  checkTensor('clamp', x);
  const o = parseOptions('clamp', opts, CLAMP_OPTIONS);
  if (o.min === undefined && o.max === undefined) throw new EntropicError('OPTION', 'clamp', 'expected at least one of the options { min, max }, got neither');
  const lo = o.min ?? -Infinity;
  const hi = o.max ?? Infinity;
  const out = allocate(x.dtype, x.size);
  backend().clamp(x._data, lo, hi, out);
  return recordOp('clamp', new Tensor(out, x.shape), [x], (g) => [
    mul(g, mul(binaryKernel('ge', x, scalar(lo, x.dtype), g.dtype), binaryKernel('le', x, scalar(hi, x.dtype), g.dtype))),
  ], [x]);
}

function scalar(value: number, dtype: DType): Tensor {
  const d = allocate(isFloat(dtype) ? dtype : 'float64', 1);
  d[0] = value;
  return new Tensor(d, []);
}

function zeroLike(x: Tensor): Tensor {
  return new Tensor(allocate(x.dtype, 1), []);
}

const SHAPES = [[[3, 4]], [[2, 3, 2]], [[]]];

export const opInfos: OpInfo[] = [
  { name: 'neg', fn: neg, shapes: SHAPES },
  { name: 'exp', fn: exp, shapes: SHAPES },
  { name: 'log', fn: log, shapes: SHAPES, domain: 'positive' },
  { name: 'log1p', fn: log1p, shapes: SHAPES, domain: 'positive' },
  { name: 'sqrt', fn: sqrt, shapes: SHAPES, domain: 'positive' },
  { name: 'abs', fn: abs, shapes: SHAPES, domain: 'awayFromZero' },
  { name: 'sigmoid', fn: sigmoid, shapes: SHAPES },
  { name: 'tanh', fn: tanh, shapes: SHAPES },
  { name: 'sign', fn: sign, shapes: SHAPES, domain: 'awayFromZero' },
  { name: 'square', fn: square, shapes: SHAPES },
  { name: 'logSigmoid', fn: logSigmoid, shapes: SHAPES },
  { name: 'logSigmoid(large |x|)', fn: (x) => logSigmoid(mul(x, 30)), shapes: SHAPES },
  { name: 'relu', fn: relu, shapes: SHAPES, domain: 'awayFromZero' },
  { name: 'softplus', fn: softplus, shapes: SHAPES },
  { name: 'clamp', fn: (x) => clamp(x, { min: -0.5, max: 0.7 }), shapes: SHAPES },
];
