import { tensor } from '@entropic/core';
import { loadCases } from '@entropic/conformance';
import { describe, expect, it } from 'vitest';
import { StandardScaler, loadBreastCancer, loadIris } from '../src/index.js';
import { code } from './codes.js';

const conformance = {
  cases: loadCases<{
    dataset: string;
    featureMean: { data: number[] };
    featureStd: { data: number[] };
    X: { shape: number[]; data: number[] };
  }>('sklearn.json'),
};

describe('StandardScaler', () => {
  it('values computed by hand: mean 0, population std 1, constant column scaled by 1', () => {
    const X = tensor(
      [
        [1, 10, 5],
        [2, 20, 5],
        [3, 30, 5],
        [4, 40, 5],
      ],
      { dtype: 'float64' },
    );
    const s = new StandardScaler().fit(X);
    expect(s.nSamplesSeen).toBe(4);
    expect(s.mean!.toArray()).toEqual([2.5, 25, 5]);
    expect(s.var!.toArray()).toEqual([1.25, 125, 0]);
    expect(s.scale!.toArray()).toEqual([Math.sqrt(1.25), Math.sqrt(125), 1]);
    const Z = s.transform(X);
    expect(Z.dtype).toBe('float64');
    expect(Z.shape).toEqual([4, 3]);
    const z = Z.toArray() as number[][];
    const a = 1.5 / Math.sqrt(1.25);
    const b = 0.5 / Math.sqrt(1.25);
    expect(z.map((r) => r[0])).toEqual([-a, -b, b, a]);
    expect(z.map((r) => r[2])).toEqual([0, 0, 0, 0]); // (5 − 5) / 1
    // mean 0 and population (ddof = 0) std 1 per column
    for (const j of [0, 1]) {
      const col = z.map((r) => r[j]!);
      const m = col.reduce((p, q) => p + q, 0) / 4;
      const v = col.reduce((p, q) => p + (q - m) ** 2, 0) / 4;
      expect(Math.abs(m)).toBeLessThan(1e-15);
      expect(v).toBeCloseTo(1, 14);
    }
  });

  it('inverseTransform undoes transform; fitTransform = fit + transform', () => {
    const { X } = loadIris();
    const s = new StandardScaler();
    const Z = s.fitTransform(X);
    expect([...Z.data]).toEqual([...new StandardScaler().fit(X).transform(X).data]);
    const back = s.inverseTransform(Z).data;
    const orig = X.data;
    for (let i = 0; i < orig.length; i++) expect(Math.abs(back[i]! - orig[i]!)).toBeLessThan(1e-14);
  });

  for (const dataset of ['breast_cancer', 'iris'] as const) {
    it(`standardized ${dataset} equals featureMean / featureStd / X of sklearn.json exactly`, () => {
      const c = conformance.cases.find((k) => k.dataset === dataset)!;
      const { X } = dataset === 'iris' ? loadIris() : loadBreastCancer();
      const s = new StandardScaler();
      const Z = s.fitTransform(X);
      expect([...s.mean!.data]).toEqual(c.featureMean.data);
      expect([...s.scale!.data]).toEqual(c.featureStd.data);
      expect(Z.shape).toEqual(c.X.shape);
      expect([...Z.data]).toEqual(c.X.data);
    });
  }

  it('float32 input gives float32 output; int32 input gives float64; stats are float64', () => {
    const X32 = tensor([[1], [2], [4]], { dtype: 'float32' });
    const s = new StandardScaler().fit(X32);
    expect(s.mean!.dtype).toBe('float64');
    expect(s.transform(X32).dtype).toBe('float32');
    const Xi = tensor([[1], [2], [4]], { dtype: 'int32' });
    expect(new StandardScaler().fitTransform(Xi).dtype).toBe('float64');
  });

  it('withMean / withStd', () => {
    const X = tensor([[1], [3]], { dtype: 'float64' });
    expect(new StandardScaler({ withMean: false }).fitTransform(X).toArray()).toEqual([[1], [3]]);
    const noStd = new StandardScaler({ withStd: false });
    expect(noStd.fitTransform(X).toArray()).toEqual([[-1], [1]]);
    expect(noStd.scale).toBeNull();
  });

  it('toJSON / fromJSON round trip', () => {
    const { X } = loadIris();
    const s = new StandardScaler().fit(X);
    const r = StandardScaler.fromJSON(JSON.stringify(s.toJSON()));
    expect([...r.transform(X).data]).toEqual([...s.transform(X).data]);
    expect(() => StandardScaler.fromJSON({ ...s.toJSON(), version: 2 as 1 })).toThrow(code('FORMAT', 'StandardScaler.fromJSON: unknown version number 2'));
    expect(() => StandardScaler.fromJSON('{')).toThrow(code('FORMAT', 'StandardScaler.fromJSON: not valid JSON'));
    expect(() => StandardScaler.fromJSON({ ...s.toJSON(), var: [1] })).toThrow(
      code('FORMAT', 'StandardScaler.fromJSON: expected mean, var and scale of the same length, got 4, 1 and 4'),
    );
  });

  it('errors name the method, what was expected and what came', () => {
    const s = new StandardScaler();
    const X = tensor([[1, 2]], { dtype: 'float64' });
    expect(() => s.transform(X)).toThrow(code('STATE', 'StandardScaler.transform: this StandardScaler is not fitted yet; call fit(X) first'));
    expect(() => s.toJSON()).toThrow(code('STATE', 'StandardScaler.toJSON: this StandardScaler is not fitted yet'));
    expect(() => s.fit(tensor([1, 2, 3]))).toThrow(code('SHAPE', 'StandardScaler.fit: expected X to be 2-D [n, d], got shape [3]'));
    expect(() => s.fit([[1, 2]] as never)).toThrow(
      code('TYPE', 'StandardScaler.fit: expected X to be a Tensor, got an array of length 1 (make one with tensor() from @entropic/core, or fromArrays)'),
    );
    s.fit(X);
    expect(() => s.transform(tensor([[1, 2, 3]]))).toThrow(
      code('SHAPE', 'StandardScaler.transform: expected X with 2 features (the scaler was fitted on 2), got shape [1, 3]'),
    );
    expect(() => s.inverseTransform(tensor([[1]]))).toThrow(code('SHAPE', 'StandardScaler.inverseTransform: expected X with 2 features'));
    expect(() => new StandardScaler({ ddof: 1 } as never)).toThrow(code('OPTION', "StandardScaler: unknown option 'ddof'; known options: withMean, withStd"));
    expect(() => new StandardScaler({ withmean: false } as never)).toThrow(code('OPTION', "did you mean 'withMean'"));
  });
});
