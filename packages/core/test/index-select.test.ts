/** indexSelect (torch.index_select): semantics and errors; values and gradients are in the conformance and gradcheck suites. */
import { describe, expect, it } from 'vitest';
import { EntropicError, type NestedArray, indexSelect, tensor } from '../src/index.js';

const idx = (v: NestedArray) => tensor(v, { dtype: 'int32' });

function errorOf(f: () => unknown): EntropicError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EntropicError);
    return e as EntropicError;
  }
  throw new Error('expected an EntropicError');
}

describe('indexSelect', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);

  it('takes whole rows (axis 0 by default), in order, repeats allowed', () => {
    const y = indexSelect(x, idx([2, 0, 2]));
    expect(y.shape).toEqual([3, 3]);
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([[7, 8, 9], [1, 2, 3], [7, 8, 9]]);
  });

  it('takes columns along another axis, negative axes counting from the end', () => {
    expect(indexSelect(x, idx([1]), { axis: 1 }).toArray()).toEqual([[2], [5], [8]]);
    expect(indexSelect(x, idx([2, 2]), { axis: -1 }).toArray()).toEqual([[3, 3], [6, 6], [9, 9]]);
  });

  it('is a Tensor method, keeps int32 and float64 data, and accepts a 0-d index', () => {
    expect(tensor([5, 6, 7], { dtype: 'int32' }).indexSelect(idx([2, 1])).toArray()).toEqual([7, 6]);
    const y = tensor([[1.5, 2.5], [3.5, 4.5]], { dtype: 'float64' }).indexSelect(idx(1));
    expect(y.dtype).toBe('float64');
    expect(y.shape).toEqual([1, 2]);
    expect(indexSelect(x, idx([])).shape).toEqual([0, 3]);
  });

  it('accumulates the gradient of repeated indices', () => {
    const w = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    indexSelect(w, idx([0, 2, 0])).sum().backward();
    expect(w.grad!.toArray()).toEqual([[2, 2], [0, 0], [1, 1]]);
  });

  it('refuses bad arguments with coded errors', () => {
    expect(errorOf(() => indexSelect([1, 2] as never, idx([0]))).code).toBe('TYPE');
    expect(errorOf(() => indexSelect(x, [0] as never)).code).toBe('TYPE');
    expect(errorOf(() => indexSelect(x, tensor([0]))).code).toBe('DTYPE');
    expect(errorOf(() => indexSelect(x, idx([[0]]))).code).toBe('SHAPE');
    expect(errorOf(() => indexSelect(tensor(3), idx([0]))).code).toBe('SHAPE');
    const range = errorOf(() => indexSelect(x, idx([0, 3])));
    expect(range.code).toBe('VALUE');
    expect(range.message).toContain('got 3 at position 1');
    expect(errorOf(() => indexSelect(x, idx([-1]))).code).toBe('VALUE');
    expect(errorOf(() => indexSelect(x, idx([0]), { axis: 2 })).code).toBe('VALUE');
    expect(errorOf(() => indexSelect(x, idx([0]), { axis: 0.5 })).code).toBe('OPTION');
    const typo = errorOf(() => indexSelect(x, idx([0]), { axes: 1 } as never));
    expect(typo.code).toBe('OPTION');
    expect(typo.message).toContain("did you mean 'axis'");
  });
});
