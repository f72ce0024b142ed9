import { tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import { loadBreastCancer, loadIris, trainTestSplit } from '../src/index.js';
import { code } from './codes.js';

function counts(y: ArrayLike<number>): number[] {
  const c: number[] = [];
  for (let i = 0; i < y.length; i++) c[y[i]!] = (c[y[i]!] ?? 0) + 1;
  return c;
}

describe('trainTestSplit', () => {
  const { X, y } = loadBreastCancer();

  it('sizes: ceil(testSize · n) test samples, the rest train; rows move with their labels', () => {
    const s = trainTestSplit(X, y, { testSize: 0.2, seed: 0 });
    expect(s.XTest.shape).toEqual([114, 30]);
    expect(s.XTrain.shape).toEqual([455, 30]);
    expect(s.yTest.shape).toEqual([114]);
    expect(s.yTrain.shape).toEqual([455]);
    expect(s.XTrain.dtype).toBe('float64');
    expect(s.yTrain.dtype).toBe('int32');
    const Xd = X.data;
    s.testIndices.forEach((row, k) => {
      expect([...s.XTest.data.subarray(k * 30, k * 30 + 30)]).toEqual([...Xd.subarray(row * 30, row * 30 + 30)]);
      expect(s.yTest.data[k]).toBe(y.data[row]);
    });
    expect(trainTestSplit(X, y, { seed: 0 }).XTest.shape).toEqual([143, 30]); // default 0.25
  });

  it('no overlap, every sample used once', () => {
    const s = trainTestSplit(X, y, { testSize: 0.3, seed: 7 });
    const all = [...s.trainIndices, ...s.testIndices];
    expect(new Set(all).size).toBe(569);
    expect(all.length).toBe(569);
  });

  it('is reproducible per seed, different across seeds', () => {
    const a = trainTestSplit(X, y, { seed: 42 });
    const b = trainTestSplit(X, y, { seed: 42 });
    const c = trainTestSplit(X, y, { seed: 43 });
    expect([...a.testIndices]).toEqual([...b.testIndices]);
    expect([...a.XTrain.data]).toEqual([...b.XTrain.data]);
    expect([...a.testIndices]).not.toEqual([...c.testIndices]);
    // Pinned: the same split on every platform (regenerate only on a deliberate change).
    expect([...trainTestSplit(X, y, { seed: 0 }).testIndices.slice(0, 8)]).toMatchInlineSnapshot(`
      [
        524,
        155,
        421,
        63,
        353,
        198,
        517,
        76,
      ]
    `);
  });

  it('stratify keeps the class proportions (212 / 357)', () => {
    for (const seed of [0, 1, 2]) {
      const s = trainTestSplit(X, y, { testSize: 0.25, seed, stratify: true });
      expect(counts(s.yTest.data)).toEqual([53, 90]);
      expect(counts(s.yTrain.data)).toEqual([159, 267]);
    }
    const iris = loadIris();
    const t = trainTestSplit(iris.X, iris.y, { testSize: 0.2, seed: 3, stratify: iris.y });
    expect(counts(t.yTest.data)).toEqual([10, 10, 10]);
    expect(counts(t.yTrain.data)).toEqual([40, 40, 40]);
    // Without stratification the proportions drift.
    const drift = [0, 1, 2, 3, 4].map((seed) => counts(trainTestSplit(iris.X, iris.y, { testSize: 0.2, seed }).yTest.data));
    expect(drift.some((c) => c.join() !== '10,10,10')).toBe(true);
  });

  it('shuffle: false takes the last rows as the test set', () => {
    const Xs = tensor([[0], [1], [2], [3], [4]]);
    const ys = tensor([0, 1, 0, 1, 0], { dtype: 'int32' });
    const s = trainTestSplit(Xs, ys, { testSize: 0.4, shuffle: false });
    expect(s.XTrain.toArray()).toEqual([[0], [1], [2]]);
    expect(s.XTest.toArray()).toEqual([[3], [4]]);
  });

  it('errors', () => {
    expect(() => trainTestSplit(X, y, { testSize: 1.5 })).toThrow(code('OPTION', "trainTestSplit: expected option 'testSize' to be a finite number > 0 and < 1, got number 1.5"));
    expect(() => trainTestSplit(X, y, { testSize: 0 })).toThrow(code('OPTION', 'got number 0'));
    expect(() => trainTestSplit(X, y, { testSize: 1 })).toThrow(code('OPTION', 'got number 1'));
    const y2 = tensor([0, 1, 0], { dtype: 'int32' });
    expect(() => trainTestSplit(X, y2)).toThrow(
      code('SHAPE', 'trainTestSplit: expected X and y with the same number of samples, got X [569, 30] (569 rows) and y [3] (3 rows)'),
    );
    const X3 = tensor([[1], [2], [3]]);
    expect(() => trainTestSplit(X3, y2, { testSize: 0.9 })).toThrow(
      code('VALUE', 'trainTestSplit: testSize 0.9 of 3 samples puts 3 in the test set and leaves the train set empty'),
    );
    expect(() => trainTestSplit(X3, y2, { stratify: true, seed: 0 })).toThrow(
      code('VALUE', 'trainTestSplit: stratify: class 1 has only 1 member; every class needs at least 2'),
    );
    expect(() => trainTestSplit(X, y, { stratify: true, shuffle: false })).toThrow(code('OPTION', 'trainTestSplit: stratify needs shuffle: true'));
    expect(() => trainTestSplit(X, y, { seed: 0.5 })).toThrow(code('OPTION', "expected option 'seed' to be a safe integer, got number 0.5"));
    expect(() => trainTestSplit(X, y, { stratify: [0, 1] })).toThrow(code('SHAPE', 'trainTestSplit: expected 569 stratify labels (one per sample), got 2'));
    expect(() => trainTestSplit(X, y, { stratify: 'y' as never })).toThrow(code('OPTION', "expected option 'stratify' to be true, false, a Tensor or an array of labels"));
    expect(() => trainTestSplit(X, y, { test_size: 0.2 } as never)).toThrow(code('OPTION', "trainTestSplit: unknown option 'test_size' (did you mean 'testSize'?)"));
  });
});
