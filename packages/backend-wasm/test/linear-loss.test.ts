import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@entropic/core';
import type { WasmBackend } from '../src/index.js';
import { backends, fill } from './helpers.js';

let all: [string, WasmBackend][] = [];
beforeAll(async () => {
  ({ all } = await backends());
});
afterAll(() => {
  for (const [, b] of all) b.dispose();
});

function args(rows: number, cols: number, weighted: boolean, grad: boolean, scale: number) {
  const x = fill(new Float32Array(rows * cols), rows + cols).map((v) => v * scale);
  const weight = fill(new Float32Array(cols), 3);
  const target = Float32Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? 0.3 : i % 2));
  const sampleWeight = weighted ? Float32Array.from({ length: rows }, (_, i) => 0.5 + (i % 3)) : null;
  return { x, rows, cols, weight, bias: -0.25, target, sampleWeight, gradWeight: grad ? new Float32Array(cols) : null };
}

describe('linearBceWithLogits: a logistic model\'s loss and gradient in one pass', () => {
  it('matches the CPU kernel (double) to float32 accuracy, for row and column counts off the 4-lane grid, logits up to ±30', () => {
    for (const [rows, cols] of [[4099, 37], [70_001, 20], [300, 3], [1000, 128]] as const) {
      for (const weighted of [false, true]) {
        for (const scale of [1, 8]) {
          const ref = args(rows, cols, weighted, true, scale);
          const want = cpuBackend.linearBceWithLogits(ref);
          for (const [, be] of all) {
            const a = args(rows, cols, weighted, true, scale);
            const got = be.linearBceWithLogits(a);
            // The per-row losses are float32 (2 ulp math); their f64 sum is as close as each term.
            expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(2e-6 * want.loss);
            let scaleG = 0;
            for (let i = 0; i < rows; i++) scaleG += (weighted ? 0.5 + (i % 3) : 1) * Math.abs(ref.x[i * cols]!);
            expect(Math.abs(got.gradBias - want.gradBias)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(want.gradBias), Math.sqrt(rows)));
            for (let j = 0; j < cols; j++) {
              expect(Math.abs(a.gradWeight![j]! - ref.gradWeight![j]!)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(ref.gradWeight![j]!), scaleG / Math.sqrt(rows)));
            }
          }
        }
      }
    }
  });

  it('gives the same sums with 1 and 2 threads, held or copied, and the loss alone without a gradient array', () => {
    const rows = 60_003;
    const cols = 50;
    const results = all.flatMap(([, be]) => {
      const copied = args(rows, cols, true, true, 2);
      const r1 = be.linearBceWithLogits(copied);
      const held = args(rows, cols, true, true, 2);
      const release = be.hold(held.x);
      const r2 = be.linearBceWithLogits(held);
      const lossOnly = be.linearBceWithLogits({ ...held, gradWeight: null });
      release();
      expect(lossOnly.loss).toBe(r2.loss);
      expect(lossOnly.gradBias).toBe(0);
      return [{ ...r1, g: copied.gradWeight! }, { ...r2, g: held.gradWeight! }];
    });
    for (const r of results.slice(1)) {
      expect(r.loss).toBe(results[0]!.loss);
      expect(r.gradBias).toBe(results[0]!.gradBias);
      expect(r.g).toEqual(results[0]!.g);
    }
  });

  it('leaves float64 and small problems to the CPU kernel, with its exact results', () => {
    const [, be] = all[0]!;
    const x = Float64Array.from({ length: 4000 }, (_, i) => Math.sin(i));
    const a = { x, rows: 1000, cols: 4, weight: new Float64Array([0.1, -0.2, 0.3, 0.4]), bias: 0.5, target: Float64Array.from({ length: 1000 }, (_, i) => i % 2), sampleWeight: null };
    const g1 = new Float64Array(4);
    const g2 = new Float64Array(4);
    expect(be.linearBceWithLogits({ ...a, gradWeight: g1 })).toEqual(cpuBackend.linearBceWithLogits({ ...a, gradWeight: g2 }));
    expect(g1).toEqual(g2);
  });
});
