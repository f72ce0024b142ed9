import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../src/index.js';

describe('allFinite kernel', () => {
  it('finds a NaN or an infinity at any position of float32 and float64 arrays of any length', () => {
    for (const T of [Float32Array, Float64Array]) {
      for (let n = 0; n <= 9; n++) {
        const x = new T(n).fill(3.4e38);
        expect(cpuBackend.allFinite(x)).toBe(true);
        for (let at = 0; at < n; at++) {
          for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
            x[at] = bad;
            expect(cpuBackend.allFinite(x)).toBe(false);
            x[at] = -0;
          }
        }
      }
    }
  });

  it('is true for integer and bool data', () => {
    expect(cpuBackend.allFinite(new Int32Array([1, -2, 2147483647]))).toBe(true);
    expect(cpuBackend.allFinite(new Uint8Array([0, 1]))).toBe(true);
  });
});
