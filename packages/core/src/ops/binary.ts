/**
 * Binary elementwise ops with NumPy broadcasting: forward, gradient and shape rule together.
 * Each gradient is one function for every call (`OpBackward`), reading the node's inputs and
 * saved tensors: a closure per call would be kept alive by the graph, and small ops are cheap
 * only if their graph is small.
 */
import { Tensor, type TensorLike } from '../tensor.js';
import { type DType, allocate, arithmeticDType, promote, promoteScalar } from '../dtype.js';
import { broadcastResult, sizeOf } from '../shape.js';
import { type OpBackward, gradOps, noGrad, recordOp, recording } from '../autograd.js';
import { EntropicError, describeValue } from '../errors.js';
import { type BinaryKernel, backend } from '../backend/index.js';
import type { OpInfo } from './opinfo.js';
import { log, neg } from './unary.js';
import { where } from './indexing.js';

/** Tensor operands of a binary op; a number operand takes the tensor's dtype (as PyTorch). */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  // Small enough to inline, so that the pair is never allocated when both are tensors.
  return a instanceof Tensor && b instanceof Tensor ? [a, b] : mixedOperands(op, a, b);
}

function mixedOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor && typeof b === 'number') return [a, scalarLike(b, promoteScalar(a.dtype, b))];
  if (typeof a === 'number' && b instanceof Tensor) return [scalarLike(a, promoteScalar(b.dtype, a)), b];
  throw new EntropicError('TYPE', op, `expected Tensor or number operands (at least one Tensor), got ${describeValue(a)} and ${describeValue(b)}`);
}

function scalarLike(value: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return new Tensor(data, []);
}

/** Runs a binary kernel into a new tensor of the broadcast shape (no graph). */
export function binaryKernel(op: BinaryKernel, a: Tensor, b: Tensor, dtype: DType = promote(a.dtype, b.dtype)): Tensor {
  const shape = broadcastResult(op, a.shape, b.shape);
  const out = allocate(dtype, sizeOf(shape));
  backend().binary(op, a._data, a.shape, b._data, b.shape, out, shape);
  return new Tensor(out, shape);
}

/** The dtype of an arithmetic result: bool counts as int32, and `div`/`pow` of integers are float32 (as torch.div). */
function arithmeticResult(op: string, a: Tensor, b: Tensor): DType {
  const d = arithmeticDType(promote(a.dtype, b.dtype));
  return d === 'int32' && (op === 'div' || op === 'pow') ? 'float32' : d;
}

/**
 * a + b elementwise, with NumPy broadcasting; either operand may be a number.
 *
 * @example
 * ```ts
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray(); // [[11, 22], [13, 24]]
 * add(tensor([1, 2]), 0.5).toArray();                        // [1.5, 2.5]
 * ```
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('add', a, b);
  const out = binaryKernel('add', x, y, arithmeticResult('add', x, y));
  return recording(x, y) ? recordOp('add', out, [x, y], addGrad, []) : out;
}

const addGrad: OpBackward = (g) => [g, g];

/** a − b elementwise, with NumPy broadcasting; either operand may be a number. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('sub', a, b);
  const out = binaryKernel('sub', x, y, arithmeticResult('sub', x, y));
  return recording(x, y) ? recordOp('sub', out, [x, y], subGrad, []) : out;
}

const subGrad: OpBackward = (g, node) => [g, node.inputs[1]!.requiresGrad ? neg(g) : null];

/**
 * a · b elementwise (not the matrix product: see {@link matmul}), with NumPy broadcasting; either operand may be a number.
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('mul', a, b);
  const out = binaryKernel('mul', x, y, arithmeticResult('mul', x, y));
  return recording(x, y) ? recordOp('mul', out, [x, y], mulGrad, [x, y]) : out;
}

const mulGrad: OpBackward = (g, node) => {
  const [x, y] = node.inputs as [Tensor, Tensor];
  return [x.requiresGrad ? mul(g, y) : null, y.requiresGrad ? mul(g, x) : null];
};

/**
 * a / b elementwise, with NumPy broadcasting; either operand may be a number. Integer operands give a float32 result, as `torch.div`.
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('div', a, b);
  const out = binaryKernel('div', x, y, arithmeticResult('div', x, y));
  return recording(x, y) ? recordOp('div', out, [x, y], divGrad, [y, out]) : out;
}

// d/dy (x / y) = −g·(x/y)/y, PyTorch's order of operations.
const divGrad: OpBackward = (g, node) => {
  const [x, y] = node.inputs as [Tensor, Tensor];
  const out = node.saved[1]!;
  return [x.requiresGrad ? div(g, y) : null, y.requiresGrad ? neg(mul(g, div(out, y))) : null];
};

/**
 * a raised to b elementwise, with NumPy broadcasting; either operand may be a number.
 * Gradients follow PyTorch: `pow(x, 0)` has gradient 0 in x, and d/db aᵇ = aᵇ·log a is taken as 0 where a = 0 and b ≥ 0.
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('pow', a, b);
  const out = binaryKernel('pow', x, y, arithmeticResult('pow', x, y));
  return recording(x, y) ? recordOp('pow', out, [x, y], powGrad, [x, y, out]) : out;
}

const powGrad: OpBackward = (g, node) => {
  const [x, y, out] = node.saved as [Tensor, Tensor, Tensor];
  return [
    // pow(x, 0) has gradient 0 in x (not 0·x^−1, which is NaN at x = 0).
    x.requiresGrad ? where(binaryKernel('eq', y, zeroOf(y)), 0, mul(g, mul(y, pow(x, sub(y, 1))))) : null,
    // d/dy x^y = x^y·log x, taken as 0 where x = 0 and y ≥ 0 (PyTorch's convention).
    y.requiresGrad
      ? where(mul(binaryKernel('eq', x, zeroOf(x)), binaryKernel('ge', y, zeroOf(y))), 0, mul(g, mul(out, log(x))))
      : null,
  ];
};

function zeroOf(t: Tensor): Tensor {
  return new Tensor(allocate(t.dtype, 1), []);
}

/**
 * The gradient of one operand of maximum/minimum, PyTorch's formula: `g` where it wins, `g/2` at
 * a tie, and exactly 0 where it loses (also when `g` is NaN or ±∞). A NaN operand is neither
 * winner nor loser, so both operands receive `g` there.
 */
function selectGrad(g: Tensor, x: Tensor, y: Tensor, loses: BinaryKernel): Tensor {
  const tie = binaryKernel('eq', x, y, g.dtype);
  const share = sub(1, mul(tie, 0.5));
  return where(binaryKernel(loses, x, y, 'bool'), 0, mul(g, share));
}

/**
 * The elementwise larger of a and b, with broadcasting. At a tie each operand receives half of the gradient, as PyTorch.
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('maximum', a, b);
  const out = binaryKernel('maximum', x, y, arithmeticResult('maximum', x, y));
  return recording(x, y) ? recordOp('maximum', out, [x, y], maximumGrad, [x, y]) : out;
}

const maximumGrad: OpBackward = (g, node) => {
  const [x, y] = node.inputs as [Tensor, Tensor];
  return [x.requiresGrad ? selectGrad(g, x, y, 'lt') : null, y.requiresGrad ? selectGrad(g, x, y, 'gt') : null];
};

/**
 * The elementwise smaller of a and b, with broadcasting. At a tie each operand receives half of the gradient, as PyTorch.
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('minimum', a, b);
  const out = binaryKernel('minimum', x, y, arithmeticResult('minimum', x, y));
  return recording(x, y) ? recordOp('minimum', out, [x, y], minimumGrad, [x, y]) : out;
}

const minimumGrad: OpBackward = (g, node) => {
  const [x, y] = node.inputs as [Tensor, Tensor];
  return [x.requiresGrad ? selectGrad(g, x, y, 'gt') : null, y.requiresGrad ? selectGrad(g, x, y, 'lt') : null];
};

/**
 * x·log(y), with 0 where x = 0 (even where y = 0 or ∞) unless y is NaN, as `torch.xlogy`: the
 * entropy and KL terms `t·log t` that are 0 at t = 0. Gradients as PyTorch: d/dx = log y, taken
 * as 0 where x = 0 and y ≤ 0 (not −∞ or NaN), and d/dy = x/y.
 */
export function xlogy(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('xlogy', a, b);
  const out = noGrad(() => {
    // Where x = 0 and y is not NaN (y = y), the product is replaced by 0.
    const keepZero = binaryKernel('mul', binaryKernel('eq', x, zeroOf(x), 'bool'), binaryKernel('eq', y, y, 'bool'), 'bool');
    return where(keepZero, 0, mul(x, log(y)));
  });
  return recording(x, y) ? recordOp('xlogy', out, [x, y], xlogyGrad, [x, y]) : out;
}

const xlogyGrad: OpBackward = (g, node) => {
  const [x, y] = node.inputs as [Tensor, Tensor];
  return [
    x.requiresGrad
      ? where(binaryKernel('mul', binaryKernel('eq', x, zeroOf(x), 'bool'), binaryKernel('le', y, zeroOf(y), 'bool'), 'bool'), 0, xlogy(g, y))
      : null,
    y.requiresGrad ? div(mul(g, x), y) : null,
  ];
};

gradOps.add = add;

const BROADCAST_PAIRS: (readonly number[])[][] = [[[3, 4], [3, 4]], [[2, 3, 4], [4]], [[3, 1], [1, 4]], [[], [2, 3]], [[2, 1, 3], [4, 1]]];

export const opInfos: OpInfo[] = [
  { name: 'add', fn: add, shapes: BROADCAST_PAIRS },
  { name: 'sub', fn: sub, shapes: BROADCAST_PAIRS },
  { name: 'mul', fn: mul, shapes: BROADCAST_PAIRS },
  { name: 'div', fn: div, shapes: BROADCAST_PAIRS, domain: 'awayFromZero' },
  { name: 'pow', fn: pow, shapes: BROADCAST_PAIRS, domain: 'positive' },
  { name: 'maximum', fn: maximum, shapes: BROADCAST_PAIRS },
  { name: 'minimum', fn: minimum, shapes: BROADCAST_PAIRS },
  { name: 'xlogy', fn: xlogy, shapes: BROADCAST_PAIRS, domain: 'positive' },
  { name: 'xlogy(x, 3)', fn: (x) => xlogy(x, 3), shapes: [[[2, 3]]] },
  { name: 'add(x, 2.5)', fn: (x) => add(x, 2.5), shapes: [[[2, 3]]] },
  { name: 'pow(x, 3)', fn: (x) => pow(x, 3), shapes: [[[2, 3]]] },
  { name: 'maximum(x, 0)', fn: (x) => maximum(x, 0), shapes: [[[2, 3]]] },
];
