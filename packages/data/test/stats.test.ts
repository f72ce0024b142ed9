import { readFileSync } from 'node:fs';
import { loadCases } from '@entropic/conformance';
import { describe, expect, it } from 'vitest';
import { parseTable } from '../src/csv-table.js';
import { RandomGenerator } from '@entropic/core';
import { approximateMode, columnStats, splitIndices, testCount } from '../src/stats.js';
import { code } from './codes.js';

const conformance = {
  cases: loadCases<{ name: string; dataset: string; featureMean?: { data: number[] }; featureStd?: { data: number[] } }>('sklearn.json'),
};

describe('columnStats', () => {
  it('mean and population variance computed by hand', () => {
    // columns: [1, 2, 3, 4] -> mean 2.5, var 1.25; [2, 4, 6, 8] -> mean 5, var 5; constant 7.
    const x = new Float64Array([1, 2, 7, 2, 4, 7, 3, 6, 7, 4, 8, 7]);
    const s = columnStats(x, 4, 3);
    expect([...s.mean]).toEqual([2.5, 5, 7]);
    expect([...s.var]).toEqual([1.25, 5, 0]);
    expect([...s.scale]).toEqual([Math.sqrt(1.25), Math.sqrt(5), 1]);
  });

  it('a nearly constant column (rounding-level variance) gets scale 1, as scikit-learn', () => {
    const x = new Float64Array([0.1, 0.1, 0.1, 0.1 + 1e-17, 0.1]);
    const s = columnStats(x, 5, 1);
    expect(s.scale[0]).toBe(1);
    const y = new Float64Array([1e-10, 2e-10, 3e-10]);
    expect(columnStats(y, 3, 1).scale[0]).toBeCloseTo(Math.sqrt(2 / 3) * 1e-10, 20);
  });

  for (const dataset of ['breast_cancer', 'iris']) {
    it(`equals featureMean / featureStd of sklearn.json exactly for ${dataset}`, () => {
      const c = conformance.cases.find((k) => k.dataset === dataset)!;
      const file = dataset === 'iris' ? 'iris.csv' : 'breast-cancer-wisconsin.csv';
      const text = readFileSync(new URL(`../datasets/${file}`, import.meta.url), 'utf8');
      const t = parseTable('test', text, { dtype: 'float64' });
      const s = columnStats(t.X, t.n, t.d);
      const mean = c.featureMean!.data;
      const std = c.featureStd!.data;
      // Bit for bit: same summation order as numpy's column reductions.
      expect([...s.mean]).toEqual(mean);
      expect([...s.scale]).toEqual(std);
    });
  }
});

describe('testCount', () => {
  it('is ceil(testSize·n), robust to binary rounding', () => {
    expect(testCount(0.25, 10)).toBe(3);
    expect(testCount(0.3, 10)).toBe(3);
    expect(testCount(0.7, 10)).toBe(7); // 0.7 * 10 = 7.000000000000001
    expect(testCount(0.2, 569)).toBe(114);
    expect(testCount(0.5, 3)).toBe(2);
  });
});

describe('approximateMode', () => {
  it('distributes draws proportionally, remainders to the largest fractions', () => {
    expect(approximateMode([50, 50, 50], 30, new RandomGenerator(0))).toEqual([10, 10, 10]);
    expect(approximateMode([212, 357], 143, new RandomGenerator(0))).toEqual([53, 90]);
    const tie = approximateMode([1, 1, 1], 2, new RandomGenerator(1));
    expect(tie.reduce((a, b) => a + b, 0)).toBe(2);
    expect(Math.max(...tie)).toBe(1);
  });
});

describe('splitIndices', () => {
  it('is a seeded partition', () => {
    const a = splitIndices('t', 100, 25, { shuffle: true, seed: 3, stratify: null });
    const b = splitIndices('t', 100, 25, { shuffle: true, seed: 3, stratify: null });
    const c = splitIndices('t', 100, 25, { shuffle: true, seed: 4, stratify: null });
    expect(a).toEqual(b);
    expect([...a.test]).not.toEqual([...c.test]);
    expect(a.test.length).toBe(25);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it('shuffle: false keeps order: train first, test last', () => {
    const s = splitIndices('t', 5, 2, { shuffle: false, seed: 0, stratify: null });
    expect([...s.train]).toEqual([0, 1, 2]);
    expect([...s.test]).toEqual([3, 4]);
  });
  it('stratified keeps the class proportions', () => {
    const y = Int32Array.from({ length: 569 }, (_, i) => (i < 212 ? 0 : 1));
    const s = splitIndices('t', 569, 143, { shuffle: true, seed: 1, stratify: y });
    expect(s.test.length).toBe(143);
    expect([...s.test].filter((i) => y[i] === 0).length).toBe(53);
    expect([...s.train].filter((i) => y[i] === 0).length).toBe(159);
    expect(new Set([...s.train, ...s.test]).size).toBe(569);
  });
  it('stratified errors', () => {
    const y = [0, 0, 1, 1, 2];
    expect(() => splitIndices('f', 5, 2, { shuffle: true, seed: 0, stratify: y })).toThrow(
      code('VALUE', 'f: stratify: class 2 has only 1 member; every class needs at least 2'),
    );
    const z = [0, 0, 1, 1, 2, 2];
    expect(() => splitIndices('f', 6, 2, { shuffle: true, seed: 0, stratify: z })).toThrow(
      code('VALUE', 'f: stratify: the test set (2 samples) is smaller than the number of classes (3)'),
    );
  });
});
