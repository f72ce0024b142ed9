/** Version counters: a graph refuses to backpropagate through a tensor changed in place after it was used. */
import { describe, expect, it } from 'vitest';
import { add, exp, grad, isEntropicError, markModified, matmul, mul, reshape, sum, tensor } from '../src/index.js';

const f64 = (values: number[], shape: number[], requiresGrad = false) => tensor(values, { dtype: 'float64', shape, requiresGrad });

function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isEntropicError(e) ? e.code : undefined, message: String((e as Error).message) };
  }
  throw new Error('expected a throw');
}

describe('Tensor.version and markModified', () => {
  it('starts at 0 and counts tracked in-place changes; .data writes are not counted', () => {
    const t = f64([1, 2, 3], [3]);
    expect(t.version).toBe(0);
    t.data[0] = 5;
    expect(t.version).toBe(0);
    markModified(t);
    markModified(t);
    expect(t.version).toBe(2);
  });

  it('views share the counter: reshape and detach', () => {
    const t = f64([1, 2, 3, 4], [4]);
    const view = reshape(t, [2, 2]);
    const leaf = t.detach();
    markModified(t);
    expect(view.version).toBe(1);
    expect(leaf.version).toBe(1);
    markModified(view);
    expect(t.version).toBe(2);
  });

  it('refuses a non-tensor', () => {
    expect(errorOf(() => markModified(3 as never)).code).toBe('TYPE');
  });
});

describe('backward after an in-place change', () => {
  it('y = Σ a·b, b changed in place (an optimizer step), y.backward() throws STATE naming the op and shape', () => {
    const a = f64([1, 2, 3], [3], true);
    const b = f64([4, 5, 6], [3], true);
    const y = sum(mul(a, b));
    b.data.set([0, 0, 0]);
    markModified(b);
    const e = errorOf(() => y.backward());
    expect(e.code).toBe('STATE');
    expect(e.message).toMatch(/'mul'/);
    expect(e.message).toMatch(/shape \[3\]/);
    expect(e.message).toMatch(/version 0, now 1/);
    expect(a.grad).toBeNull();
  });

  it('a tensor already changed when the op ran is checked against that version', () => {
    const a = f64([1, 2, 3], [3], true);
    const b = f64([4, 5, 6], [3], true);
    markModified(b);
    const y = sum(mul(a, b));
    markModified(b);
    const e = errorOf(() => y.backward());
    expect(e.code).toBe('STATE');
    expect(e.message).toMatch(/version 1, now 2/);
  });

  it('a change before the op is recorded is fine, and so is a fresh graph after it', () => {
    const a = f64([1, 2, 3], [3], true);
    markModified(a);
    const y = sum(mul(a, a));
    y.backward();
    expect(Array.from(a.grad!.data)).toEqual([2, 4, 6]);
  });

  it('an op that saved nothing of the changed tensor still backpropagates (as PyTorch: add)', () => {
    const a = f64([1, 2], [2], true);
    const b = f64([3, 4], [2], true);
    const y = sum(add(a, b));
    markModified(b);
    y.backward();
    expect(Array.from(b.grad!.data)).toEqual([1, 1]);
  });

  it('a saved output counts too (exp saves its result), through a view of the changed storage', () => {
    const x = f64([0, 1], [2], true);
    const e = exp(x);
    const y = sum(e);
    markModified(reshape(e, [1, 2]));
    expect(errorOf(() => y.backward()).message).toMatch(/'exp'/);
  });

  it('matmul operands, and the functional transforms, are checked too', () => {
    const W = f64([1, 2, 3, 4], [2, 2], true);
    const x = f64([1, -1], [2]);
    const y = sum(matmul(W, x));
    markModified(W);
    expect(errorOf(() => y.backward()).code).toBe('STATE');
    const c = f64([1, 2], [2]);
    expect(errorOf(() => grad((v) => { const out = sum(mul(v, c)); markModified(c); return out; })(f64([1, 1], [2]))).code).toBe('STATE');
  });
});
