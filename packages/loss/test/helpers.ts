/** Small builders shared by the tests. */
import { expect } from 'vitest';
import { EntropicError, RandomGenerator, type Tensor, tensor } from '@entropic/core';

export function f64(values: number[], shape: number[], requiresGrad = false): Tensor {
  return tensor(values, { dtype: 'float64', shape, requiresGrad });
}

export function i32(values: number[], shape: number[] = [values.length]): Tensor {
  return tensor(values, { dtype: 'int32', shape });
}

/** `n` seeded uniform numbers in [lo, hi). */
export function uniform(n: number, lo: number, hi: number, seed: number): number[] {
  const g = new RandomGenerator(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * g.uniform());
}

/** `n` seeded class indices in [0, classes). */
export function classes(n: number, classCount: number, seed: number): number[] {
  const g = new RandomGenerator(seed);
  return Array.from({ length: n }, () => g.integer(classCount));
}

/** Rows of `c` positive numbers summing to 1 (soft labels). */
export function softLabels(rows: number, c: number, seed: number): number[] {
  const raw = uniform(rows * c, 0.05, 1, seed);
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = raw.slice(r * c, (r + 1) * c);
    const s = row.reduce((a, b) => a + b, 0);
    out.push(...row.map((v) => v / s));
  }
  return out;
}

/** `f` throws an EntropicError with `code` whose message contains `fragment` (tests assert codes, not sentences). */
export function expectError(f: () => unknown, code: string, fragment?: string | RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected an EntropicError').toBeInstanceOf(EntropicError);
  expect((error as EntropicError).code, (error as Error).message).toBe(code);
  if (fragment !== undefined) expect((error as Error).message).toMatch(fragment);
}
