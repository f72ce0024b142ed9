import { createWasmBackend, type WasmBackend } from '../src/index.js';

/** One backend per thread count for a whole test file (workers are started once). */
export async function backends(): Promise<{ one: WasmBackend; two: WasmBackend; all: [string, WasmBackend][] }> {
  const one = await createWasmBackend({ threads: 1 });
  const two = await createWasmBackend({ threads: 2 });
  return { one, two, all: [['1 thread', one], ['2 threads', two]] };
}

/** A seeded uniform generator in [−1, 1) (mulberry32): the same numbers on every run. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
}

export function fill<T extends Float32Array | Float64Array>(x: T, seed: number): T {
  const r = random(seed);
  for (let i = 0; i < x.length; i++) x[i] = r();
  return x;
}

/** Distance in units in the last place between two float32 values (0 for equal, also NaN = NaN). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.POSITIVE_INFINITY;
  if (a === b) return 0;
  const f = new Float32Array([a, b]);
  const i = new Int32Array(f.buffer);
  // Map the sign-magnitude bit patterns onto a monotonic integer line.
  const key = (v: number): number => (v < 0 ? -(v & 0x7fffffff) : v);
  return Math.abs(key(i[0]!) - key(i[1]!));
}
