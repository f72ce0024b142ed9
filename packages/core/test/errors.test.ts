/**
 * Every error core throws on purpose is an EntropicError with a code; the message names the op,
 * what was expected and what came. Tests assert the code and a key fragment, not whole sentences.
 */
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import type { ErrorCode } from '../src/index.js';

const { tensor, zeros } = core;

/** Runs `f`, which must throw an EntropicError with `code` whose message contains every fragment. */
function expectError(f: () => unknown, code: ErrorCode, ...fragments: string[]): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a throw').toBeInstanceOf(core.EntropicError);
  const e = caught as core.EntropicError;
  expect({ code: e.code, message: e.message }).toEqual({ code, message: expect.any(String) });
  for (const fragment of fragments) expect(e.message).toContain(fragment);
}

const i32 = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });

describe('SHAPE', () => {
  it('shapes that disagree or are invalid', () => {
    expectError(() => core.matmul(zeros([2, 3]), zeros([4, 5])), 'SHAPE', 'matmul: shapes [2, 3] and [4, 5] are not aligned');
    expectError(() => core.matmul(zeros([]), zeros([2])), 'SHAPE', 'at least 1 dimension');
    expectError(() => core.add(zeros([2, 3]), zeros([4])), 'SHAPE', 'add: shapes [2, 3] and [4] cannot be broadcast');
    expectError(() => core.broadcastTo(zeros([3]), [2, 4]), 'SHAPE', 'broadcastTo', '[3]', '[2, 4]');
    expectError(() => core.broadcastTo(zeros([2, 3]), [3]), 'SHAPE', 'broadcastTo: shape [2, 3] cannot be broadcast to [3]');
    expectError(() => core.reshape(zeros([2, 3]), [4, -1]), 'SHAPE', 'reshape: cannot reshape tensor of shape [2, 3] (6 elements) into [4, -1]');
    expectError(() => core.reshape(zeros([2, 3]), [-1, -1]), 'SHAPE', 'only one dimension can be -1');
    expectError(() => core.reshape(zeros([2]), 'ab' as never), 'SHAPE', 'expected a shape of integers', '"ab"');
    expectError(() => core.concat([zeros([2, 3]), zeros([3, 3])], { axis: 1 }), 'SHAPE', 'concat: shapes [2, 3] and [3, 3] differ outside axis 1');
    expectError(() => core.stack([zeros([2]), zeros([3])]), 'SHAPE', 'stack: every tensor must have shape [2], got [3]');
    expectError(() => core.max(zeros([0, 3]), { axis: 0 }), 'SHAPE', 'max: cannot reduce over axis 0 of size 0');
    expectError(() => core.gather(zeros([2, 3]), i32([0, 1]), { axis: 1 }), 'SHAPE', 'gather: index of shape [2] does not fit input of shape [2, 3]');
    expectError(() => zeros([2]).item(), 'SHAPE', 'item: expected a tensor with one element, got shape [2]');
  });
  it('creation: data that does not fill the shape, ragged arrays, bad shapes', () => {
    expectError(() => tensor([1, 2, 3, 4, 5], { shape: [2, 3] }), 'SHAPE', 'tensor: data has 5 elements but shape [2, 3] needs 6');
    expectError(() => tensor([[1, 2], [3]]), 'SHAPE', 'ragged nested array: expected length 2 at [1], got length 1');
    expectError(() => tensor([[1, 2], 3] as never), 'SHAPE', 'ragged nested array');
    expectError(() => tensor([1, 2], { shape: [-2] }), 'SHAPE', 'tensor: expected a shape of non-negative integers');
    expectError(() => zeros([2, -1]), 'SHAPE', 'zeros: expected a shape of non-negative integers, got [2,-1]');
    expectError(() => core.full([1.5], 0), 'SHAPE', 'full');
    expectError(() => core.randn([2, 0.5]), 'SHAPE', 'randn');
    expectError(() => core.Tensor.fromData(new Float32Array(3), [2, 2]), 'SHAPE', 'Tensor.fromData: data has 3 elements but shape [2, 2] needs 4');
  });
});

describe('DTYPE', () => {
  it('dtypes an op does not take', () => {
    expectError(() => tensor([1], { dtype: 'int64' as never }), 'DTYPE', 'tensor', '"int64"');
    expectError(() => zeros([2], { dtype: 'float16' as never }), 'DTYPE', 'zeros', '"float16"');
    expectError(() => core.oneHot(i32([0]), 2, { dtype: 'half' as never }), 'DTYPE', 'oneHot', '"half"');
    expectError(() => core.randn([2], { dtype: 'int32' }), 'DTYPE', 'randn: expected a float dtype, got int32');
    expectError(() => core.concat([zeros([2]), zeros([2], { dtype: 'float64' })]), 'DTYPE', 'concat: dtypes differ (float32 and float64)');
    expectError(() => core.gather(zeros([2, 3]), tensor([[0]]), { axis: 1 }), 'DTYPE', 'gather: expected an int32 index tensor, got a float32 Tensor of shape [1, 1]');
    expectError(() => core.oneHot(tensor([0, 1]), 2), 'DTYPE', 'oneHot: expected an int32 index tensor');
    expectError(() => core.matmul(zeros([2, 2], { dtype: 'int32' }), zeros([2, 2])), 'DTYPE', 'the first operand is int32');
  });
});

describe('OPTION', () => {
  it('unknown option names, with the closest known one', () => {
    expectError(() => core.sum(zeros([2, 3]), { axes: 1 } as never), 'OPTION', "sum: unknown option 'axes' (did you mean 'axis'?)", 'known options: axis, keepdims');
    expectError(() => core.mean(zeros([2, 3]), { keepDims: true } as never), 'OPTION', "did you mean 'keepdims'?");
    expectError(() => core.logsumexp(zeros([2, 3]), { axis: 1, keep: true } as never), 'OPTION', "logsumexp: unknown option 'keep'");
    expectError(() => core.clamp(zeros([2]), { mn: 0 } as never), 'OPTION', "clamp: unknown option 'mn' (did you mean 'min'?)");
    expectError(() => core.gather(zeros([2, 3]), i32([[0]]), { dim: 1 } as never), 'OPTION', "gather: unknown option 'dim'");
    expectError(() => core.transpose(zeros([2, 3]), { perm: [1, 0] } as never), 'OPTION', "transpose: unknown option 'perm'", 'known options: axes');
    expectError(() => core.concat([zeros([2])], { dim: 0 } as never), 'OPTION', "concat: unknown option 'dim'");
    expectError(() => core.stack([zeros([2])], { axsi: 0 } as never), 'OPTION', "did you mean 'axis'?");
    expectError(() => core.randn([2], { sed: 1 } as never), 'OPTION', "randn: unknown option 'sed' (did you mean 'seed'?)");
    expectError(() => core.rand([2], { dtpye: 'float64' } as never), 'OPTION', "did you mean 'dtype'?");
    expectError(() => tensor([1, 2], { requiresgrad: true } as never), 'OPTION', "tensor: unknown option 'requiresgrad' (did you mean 'requiresGrad'?)");
    expectError(() => zeros([2], { shape: [2] } as never), 'OPTION', "zeros: unknown option 'shape'");
    expectError(() => core.arange(0, 3, { stp: 1 } as never), 'OPTION', "did you mean 'step'?");
    expectError(() => core.linspace(0, 1, 3, { dtype: 'float64', n: 3 } as never), 'OPTION', "linspace: unknown option 'n'");
    expectError(() => core.eye(2, { k: 1 } as never), 'OPTION', "eye: unknown option 'k'");
    expectError(() => core.Tensor.fromData(new Float32Array(2), [2], { dtype: 'float32' } as never), 'OPTION', "Tensor.fromData: unknown option 'dtype'");
    expectError(() => core.oneHot(i32([0]), 2, { numClasses: 2 } as never), 'OPTION', "oneHot: unknown option 'numClasses'");
    expectError(() => core.variance(zeros([2]), { ddof: 1 } as never), 'OPTION', "variance: unknown option 'ddof'");
  });
  it('option values of the wrong kind', () => {
    expectError(() => core.sum(zeros([2, 3]), { axis: 0.5 }), 'OPTION', "sum: expected option 'axis' to be an integer or an array of integers, got number 0.5");
    expectError(() => core.sum(zeros([2, 3]), { keepdims: 1 as never }), 'OPTION', "expected option 'keepdims' to be true or false, got number 1");
    expectError(() => core.clamp(zeros([2]), { min: Number.NaN }), 'OPTION', "clamp: expected option 'min' to be a number, got number NaN");
    expectError(() => core.clamp(zeros([2]), {}), 'OPTION', 'clamp: expected at least one of the options { min, max }');
    expectError(() => core.transpose(zeros([2, 3]), { axes: 1 as never }), 'OPTION', "expected option 'axes' to be an array of integers");
    expectError(() => core.randn([2], { seed: 1.5 }), 'OPTION', "randn: expected option 'seed' to be a safe integer, got number 1.5");
    expectError(() => core.arange(0, 3, { step: 0 }), 'OPTION', "arange: expected option 'step' to be a nonzero number, got number 0");
    expectError(() => core.arange(0, 3, { step: Number.POSITIVE_INFINITY }), 'OPTION', "expected option 'step' to be a finite number");
    expectError(() => tensor([1], { requiresGrad: 'yes' as never }), 'OPTION', "expected option 'requiresGrad' to be true or false");
    expectError(() => core.sum(zeros([2]), 1 as never), 'OPTION', 'sum: expected an options object { axis, keepdims }, got number 1');
  });
  it('absent and empty options cost nothing but defaults', () => {
    expect(core.sum(tensor([[1, 2], [3, 4]]), undefined).item()).toBe(10);
    expect(core.sum(tensor([[1, 2], [3, 4]]), {}).item()).toBe(10);
    expect(core.sum(tensor([[1, 2], [3, 4]]), { axis: undefined }).item()).toBe(10);
    expect(core.clamp(tensor([-1, 2]), { min: 0, max: undefined }).toArray()).toEqual([0, 2]);
  });
});

describe('VALUE', () => {
  it('arguments out of their domain', () => {
    expectError(() => core.sum(zeros([2, 3]), { axis: 2 }), 'VALUE', 'sum: axis 2 is out of range for a tensor with 2 dimension(s)');
    expectError(() => core.sum(zeros([2, 3]), { axis: [1, -1] }), 'VALUE', 'repeats an axis');
    expectError(() => core.transpose(zeros([2, 3]), { axes: [0, 0] }), 'VALUE', 'transpose: axes [0,0] is not a permutation of the 2 axes');
    expectError(() => core.gather(zeros([2, 3]), i32([[0], [3]]), { axis: 1 }), 'VALUE', 'gather: index 3 at position 1 is out of range for axis 1 of size 3');
    expectError(() => core.oneHot(i32([0, 5]), 3), 'VALUE', 'oneHot: class index 5 at position 1 is out of range for 3 classes');
    expectError(() => core.oneHot(i32([0]), 0), 'VALUE', 'oneHot: numClasses must be a positive integer, got number 0');
    expectError(() => core.slice(zeros([2, 3]), [0, 1], [2, 4]), 'VALUE', 'slice: range 1:4 is out of bounds for axis 1 of size 3');
    expectError(() => core.slice(zeros([2, 3]), [0], [1, 2]), 'VALUE', 'slice: expected starts and ends of equal length');
    expectError(() => core.concat([]), 'VALUE', 'concat: expected a non-empty array of Tensors, got an empty array');
    expectError(() => tensor([1.5], { dtype: 'int32' }), 'VALUE', 'tensor: int32 data must be integers in the int32 range, got 1.5 at index 0');
    expectError(() => core.full([2], 0.5, { dtype: 'int32' }), 'VALUE', 'full: int32 fill value must be an integer, got 0.5');
    expectError(() => core.linspace(0, 1, -1), 'VALUE', 'linspace: n must be a non-negative integer, got number -1');
    expectError(() => core.eye(1.5), 'VALUE', 'eye: n must be a non-negative integer, got number 1.5');
    expectError(() => new core.RandomGenerator(2 ** 60), 'VALUE', 'RandomGenerator: seed must be a safe integer');
    expectError(() => new core.RandomGenerator(1, -1), 'VALUE', 'RandomGenerator: stream must be a non-negative safe integer, got number -1');
  });
});

describe('NON_FINITE', () => {
  it('NaN or ±Infinity where finite numbers are required', () => {
    expectError(() => core.arange(0, Number.POSITIVE_INFINITY), 'NON_FINITE', 'arange: stop must be finite, got Infinity');
    expectError(() => core.arange(Number.NaN, 3), 'NON_FINITE', 'arange: start must be finite, got NaN');
  });
});

describe('STATE', () => {
  it('a kernel registered twice', () => {
    const config = { kernelName: 'strictTestKernel', backendName: 'cpu', kernelFunc: () => undefined };
    core.registerKernel(config);
    try {
      expectError(() => core.registerKernel(config), 'STATE', 'registerKernel', "'strictTestKernel'", 'already registered');
    } finally {
      core.unregisterKernel('strictTestKernel', 'cpu');
    }
  });
});

describe('TYPE', () => {
  it('an argument of the wrong kind', () => {
    expectError(() => core.exp([1, 2] as never), 'TYPE', 'exp: expected a Tensor, got an array of length 2');
    expectError(() => core.sum(3 as never), 'TYPE', 'sum: expected a Tensor, got number 3');
    expectError(() => core.reshape(null as never, [1]), 'TYPE', 'reshape: expected a Tensor, got null');
    expectError(() => core.matmul(zeros([2]), 'x' as never), 'TYPE', 'matmul: expected Tensors, the second operand is "x"');
    expectError(() => core.gather([1] as never, i32([0])), 'TYPE', 'gather: expected a Tensor');
    expectError(() => core.gather(zeros([2]), [0] as never), 'TYPE', 'gather: expected an int32 index Tensor, got an array of length 1');
    expectError(() => core.where(1 as never, zeros([2]), 0), 'TYPE', 'where: expected a condition Tensor, got number 1');
    expectError(() => core.where(zeros([2]), 'a' as never, 0), 'TYPE', 'where: expected a Tensor or a number, got "a"');
    expectError(() => core.concat(zeros([2]) as never), 'TYPE', 'concat: expected an array of Tensors, got a float32 Tensor of shape [2]');
    expectError(() => core.stack([zeros([2]), [1, 2]] as never), 'TYPE', 'stack: expected element 1 to be a Tensor, got an array of length 2');
    expectError(() => tensor('abc' as never), 'TYPE', 'tensor: expected a number, nested arrays of numbers or a typed array, got "abc"');
    expectError(() => tensor([1, 'a'] as never), 'TYPE', 'tensor: expected a number at [1], got "a"');
    expectError(() => core.full([2], 'a' as never), 'TYPE', 'full: expected a number fill value, got "a"');
    expectError(() => core.arange(0, '3' as never), 'TYPE', 'arange: expected stop to be a number, got "3"');
    expectError(() => core.Tensor.fromData([1, 2] as never, [2]), 'TYPE', 'Tensor.fromData: expected a Float32Array, Float64Array, Int32Array or Uint8Array, got an array of length 2');
  });
});

describe('errors from a second copy of core', () => {
  it('are recognised by isEntropicError (by name and code, not class identity)', () => {
    const foreign = Object.assign(new Error('sum: boom'), { name: 'EntropicError', code: 'SHAPE' });
    expect(core.isEntropicError(foreign)).toBe(true);
    expect(core.isEntropicError(new Error('plain'))).toBe(false);
  });
});
