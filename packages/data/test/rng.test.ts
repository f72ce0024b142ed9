import { describe, expect, it } from 'vitest';
import { Random, checkSeed } from '../src/rng.js';

describe('Random (xoshiro128**)', () => {
  it('matches the reference C implementation from a raw state', () => {
    // Outputs of Blackman & Vigna's reference xoshiro128starstar.c (compiled with gcc)
    // from the states below.
    const a = Random.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 8 }, () => a.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
    const b = Random.fromState(0x9e3779b9, 0xdeadbeef, 0x12345678, 0xcafebabe);
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual([
      1162347276, 1472368062, 1418534623, 1491141494, 2752657876, 2641277244, 3196007476, 2431253656,
    ]);
  });

  it('is reproducible per seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 16 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    const seeds = [0, 1, 2, 42, -1, 2 ** 32, 2 ** 32 + 1, -(2 ** 40), Number.MAX_SAFE_INTEGER];
    const streams = new Set(seeds.map((s) => draw(s).join(',')));
    expect(streams.size).toBe(seeds.length);
    // Streams of one seed are independent too.
    const r0 = new Random(42, 0);
    const r1 = new Random(42, 1);
    expect(r0.nextUint32()).not.toBe(r1.nextUint32());
    expect(new Random(42).nextUint32()).toBe(new Random(42, 0).nextUint32());
  });

  it('pins the stream of seed 0 (cross-platform reproducibility)', () => {
    const r = new Random(0);
    const first = Array.from({ length: 4 }, () => r.nextUint32());
    // Regenerate only if the seeding scheme changes on purpose (a breaking change).
    expect(first).toMatchInlineSnapshot(`
      [
        2142191958,
        3697361346,
        2758422883,
        628529866,
      ]
    `);
  });

  it('random() is uniform on [0, 1)', () => {
    const r = new Random(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = r.random();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
  });

  it('int(n) covers [0, n) evenly', () => {
    const r = new Random(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow(/Random.int: n must be an integer/);
  });

  it('permutation is a permutation', () => {
    const p = new Random(5).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => checkSeed('batches', 1.5)).toThrow('batches: seed must be a safe integer, got 1.5');
    expect(() => checkSeed('batches', '1')).toThrow('batches: seed must be a safe integer, got "1"');
    expect(() => new Random(Number.NaN)).toThrow(/seed must be a safe integer/);
  });
});
