import { describe, expect, it } from 'vitest';
import { Generator, Tensor, cpuBackend } from '@entropic/core';
import type { FloatArray } from '@entropic/core';
import { gemm } from '../src/gemm.js';
import { permutation, takeRows } from '../src/batching.js';
import { epochOrders } from '../src/index.js';

function random(n: number, g: Generator, f64: boolean): FloatArray {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = 2 * g.uniform() - 1;
  return a;
}

describe('gemm fast paths agree with core\'s kernel', () => {
  const g = new Generator(1);
  // [m, n, k, transA, transB]: the skinny shapes take the model's paths, the others core's.
  const shapes: [number, number, number, boolean, boolean][] = [
    [37, 1, 103, false, true], [50, 3, 16, false, true], [5, 4, 17, false, true],
    [1, 30, 569, true, false], [3, 11, 66, true, false], [4, 7, 19, false, false],
    [9, 8, 10, false, false], [20, 6, 33, true, true], [33, 10, 784, false, true], [10, 50, 129, true, false],
    [17, 17, 40, false, true], [16, 16, 16, true, false],
  ];
  for (const f64 of [true, false]) {
    for (const [m, n, k, ta, tb] of shapes) {
      it(`${f64 ? 'float64' : 'float32'} ${m}×${n}×${k}${ta ? ' Aᵀ' : ''}${tb ? ' Bᵀ' : ''}`, () => {
        const a = random(m * k, g, f64);
        const b = random(k * n, g, f64);
        const [ars, acs] = ta ? [1, m] : [k, 1];
        const [brs, bcs] = tb ? [1, k] : [n, 1];
        const want = f64 ? new Float64Array(m * n) : new Float32Array(m * n);
        const got = f64 ? new Float64Array(m * n + 2) : new Float32Array(m * n + 2);
        cpuBackend.gemm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, want, 0);
        gemm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, got, 2);
        for (let i = 0; i < m * n; i++) expect(Math.abs(got[i + 2]! - want[i]!)).toBeLessThanOrEqual(f64 ? 1e-13 : 2e-6);
      });
    }
  }
});

describe('batching', () => {
  it('permutation is a seeded shuffle of 0…n−1', () => {
    const p = permutation(1000, new Generator(5));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(1000, new Generator(5)))).toEqual(Array.from(p));
    expect(Array.from(permutation(1000, new Generator(6)))).not.toEqual(Array.from(p));
    const orders = epochOrders(1000, 2, 5);
    expect(Array.from(orders[0]!)).toEqual(Array.from(p));
    expect(Array.from(orders[1]!)).not.toEqual(Array.from(p));
  });

  it('takeRows gathers rows in order, or views a contiguous range', () => {
    const x = Tensor.fromData(Float32Array.from({ length: 12 }, (_, i) => i), [4, 3]);
    expect(takeRows(x, Int32Array.from([3, 0, 2, 1]), 1, 3).toArray()).toEqual([[0, 1, 2], [6, 7, 8]]);
    const view = takeRows(x, null, 1, 3);
    expect(view.toArray()).toEqual([[3, 4, 5], [6, 7, 8]]);
    expect(view.data.buffer).toBe(x.data.buffer);
    const y = Tensor.fromData(Int32Array.from([5, 6, 7, 8]), [4]);
    expect(Array.from(takeRows(y, Int32Array.from([2, 2, 0, 1]), 0, 3).data)).toEqual([7, 7, 5]);
  });
});
