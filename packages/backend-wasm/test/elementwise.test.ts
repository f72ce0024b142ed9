import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, cpuBackend, setBackend } from '@entropic/core';
import type { WasmBackend } from '../src/index.js';
import { backends, fill } from './helpers.js';

type Binary = Parameters<WasmBackend['binary']>[0];

let all: [string, WasmBackend][] = [];
beforeAll(async () => {
  ({ all } = await backends());
});
afterAll(() => {
  for (const [, b] of all) b.dispose();
});

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

/** Random values with NaN, ±0, ±∞ and repeated values sprinkled in (ties for max/min, equality). */
function values<T extends Float32Array | Float64Array>(x: T, seed: number): T {
  fill(x, seed);
  const special = [Number.NaN, 0, -0, Infinity, -Infinity, 0.5, -0.5];
  for (let i = 0; i < x.length; i += 13) x[i] = special[(i / 13) % special.length]!;
  return x;
}

const OPS: Binary[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'gt', 'ge', 'lt', 'le'];

/** [a shape, b shape, out shape]: every layout the kernels take (full, row, column, scalar) and some they leave to the CPU. */
const LAYOUTS: [number[], number[], number[]][] = [
  [[4099], [4099], [4099]],
  [[70, 65], [70, 65], [70, 65]],
  [[300, 17], [17], [300, 17]],
  [[17], [300, 17], [300, 17]],
  [[300, 17], [1, 17], [300, 17]],
  [[300, 17], [300, 1], [300, 17]],
  [[300, 1], [300, 17], [300, 17]],
  [[5000], [1], [5000]],
  [[1], [5000], [5000]],
  [[3, 2000], [], [3, 2000]],
  [[10, 30, 17], [30, 1], [10, 30, 17]],
  [[10, 1, 500], [1, 30, 500], [10, 30, 500]],
  [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
  // Both operands repeated: scalar ∘ scalar, row ∘ row, column ∘ scalar, column ∘ row, column ∘ column.
  [[1, 1], [], [300, 17]],
  [[17], [1, 17], [300, 17]],
  [[300, 1], [1], [300, 17]],
  [[300, 1], [17], [300, 17]],
  [[300, 1], [300, 1], [300, 17]],
];

describe('binary ops agree exactly with the CPU backend', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [as, bs, os] of LAYOUTS) {
      it(`${dtype} [${as}] ∘ [${bs}] → [${os}]`, () => {
        const T = dtype === 'float32' ? Float32Array : Float64Array;
        const a = values(new T(size(as)), size(as));
        const b = values(new T(size(bs)), size(bs) + 7);
        for (const [, be] of all) {
          for (const op of OPS) {
            const out = new T(size(os));
            const ref = new T(size(os));
            be.binary(op, a, as, b, bs, out, os);
            cpuBackend.binary(op, a, as, b, bs, ref, os);
            // Object.is: NaN equals NaN, and −0 differs from +0.
            for (let i = 0; i < ref.length; i++) if (!Object.is(out[i], ref[i])) expect(`${op}[${i}] = ${out[i]}`).toBe(`${op}[${i}] = ${ref[i]}`);
          }
        }
      });
    }
  }
});

describe('clamp and reductions', () => {
  it('clamp is exact, NaN passing through, either bound infinite', () => {
    for (const T of [Float32Array, Float64Array]) {
      const x = values(new T(10_001), 3);
      for (const [, be] of all) {
        for (const [lo, hi] of [[-0.25, 0.75], [-Infinity, 0.1], [0, Infinity]] as const) {
          const out = new T(x.length);
          const ref = new T(x.length);
          be.clamp(x, lo, hi, out);
          cpuBackend.clamp(x, lo, hi, ref);
          for (let i = 0; i < x.length; i++) if (!Object.is(out[i], ref[i])) expect(out[i]).toBe(ref[i]);
        }
      }
    }
  });

  const SHAPES: [number[], number[]][] = [
    [[10_000], [0]],
    [[300, 17], [1]],
    [[300, 17], [0]],
    [[300, 17], [0, 1]],
    [[20, 30, 17], [1]],
    [[20, 30, 17], [1, 2]],
    [[20, 30, 17], [0, 1]],
    [[20, 30, 17], [0, 2]],
    [[4097, 3], [0]],
  ];
  for (const [shape, axes] of SHAPES) {
    it(`sum, max, min over axes [${axes}] of [${shape}]`, () => {
      const outShape = shape.filter((_, i) => !axes.includes(i));
      for (const T of [Float32Array, Float64Array]) {
        const x = fill(new T(size(shape)), size(shape));
        const withNaN = x.slice();
        withNaN[7] = Number.NaN;
        for (const [, be] of all) {
          for (const op of ['sum', 'max', 'min'] as const) {
            for (const input of [x, withNaN]) {
              const out = new T(size(outShape));
              const ref = new T(size(outShape));
              be.reduce(op, input, shape, axes, out);
              cpuBackend.reduce(op, input, shape, axes, ref);
              for (let i = 0; i < ref.length; i++) {
                const r = ref[i]!;
                if (Number.isNaN(r)) expect(out[i]).toBeNaN();
                else if (op === 'sum') expect(Math.abs(out[i]! - r)).toBeLessThanOrEqual((T === Float32Array ? 1e-6 : 1e-12) * Math.max(1, Math.abs(r)));
                else expect(out[i]).toBe(r);
              }
            }
          }
        }
      }
    });
  }
});

describe('routing', () => {
  it('int32 and small arrays take the CPU kernels and give their results', () => {
    const [, be] = all[0]!;
    const a = new Int32Array([1, 2, 3, 4, 5]);
    const out = new Int32Array(5);
    be.binary('add', a, [5], a, [5], out, [5]);
    expect(Array.from(out)).toEqual([2, 4, 6, 8, 10]);
    const s = new Int32Array(1);
    be.reduce('sum', a, [5], [0], s);
    expect(s[0]).toBe(15);
    const small = new Float32Array([0.5, -2]);
    const e = new Float32Array(2);
    be.unary('exp', small, e);
    expect(Array.from(e)).toEqual([Math.fround(Math.exp(0.5)), Math.fround(Math.exp(-2))]);
  });

  it('kernels it does not define (layout, allocation, MSE, NLL, …) resolve to the CPU ones', () => {
    const [, be] = all[0]!;
    const previous = setBackend(be);
    try {
      const active = backend();
      expect(active.name).toBe('wasm');
      for (const k of ['transpose', 'gather', 'scatterAdd', 'indexSelect', 'allocate', 'mseForward', 'nllForward', 'rmspropUpdate'] as const) {
        expect(k in be).toBe(false);
        expect(active[k]).toBe(cpuBackend[k]);
      }
    } finally {
      setBackend(previous);
    }
  });
});
