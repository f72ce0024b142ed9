import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Tensor } from '@entropic/core';
import { fromArrays, parseCSV } from '../src/index.js';
import { code } from './codes.js';

describe('parseCSV', () => {
  it('returns tensors: X float32 [n, d] by default, y int32 [n]', () => {
    const { X, y, featureNames, targetName, targetNames } = parseCSV('a,b,label\n1,2,0\n3,4,1\n5,6,1\n');
    expect(X.shape).toEqual([3, 2]);
    expect(X.dtype).toBe('float32');
    expect(X.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(y.shape).toEqual([3]);
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([0, 1, 1]);
    expect(featureNames).toEqual(['a', 'b']);
    expect(targetName).toBe('label');
    expect(targetNames).toBeNull();
  });

  it('quoted fields, dtype float64, targetDtype, labels', () => {
    const text = 'name,"size, cm",kind\n"a ""quoted"" name",1.25,"cat"\nb,"2.5",dog\n';
    const d = parseCSV(text, { columns: ['size, cm'], dtype: 'float64', labels: 'auto' });
    expect(d.X.dtype).toBe('float64');
    expect(d.X.toArray()).toEqual([[1.25], [2.5]]);
    expect(d.y.toArray()).toEqual([0, 1]);
    expect(d.targetNames).toEqual(['cat', 'dog']);
    const r = parseCSV('x,t\n1,0.5\n', { targetDtype: 'float64' });
    expect(r.y.dtype).toBe('float64');
    expect(r.y.toArray()).toEqual([0.5]);
  });

  it('target: null gives features only (typed without y)', () => {
    const u = parseCSV('a,b\n1,2\n', { target: null });
    expect(u.X.shape).toEqual([1, 2]);
    expect('y' in u).toBe(false);
    expectTypeOf(u).not.toHaveProperty('y');
    expectTypeOf(parseCSV('a,b\n1,2\n').y).toEqualTypeOf<Tensor>();
  });

  it('a bad cell names the line and the column', () => {
    const rows = ['mean radius,target', ...Array.from({ length: 12 }, (_, i) => `${i}.5,0`), 'abc,1'];
    expect(() => parseCSV(rows.join('\n'))).toThrow(code('FORMAT', 'parseCSV: line 14, column "mean radius": expected a number, got "abc"'));
  });
});

describe('fromArrays', () => {
  it('makes X [n, d] and y [n] with the requested dtypes', () => {
    const d = fromArrays(
      [
        [1, 2],
        [3, 4],
      ],
      [0, 1],
      { featureNames: ['u', 'v'], targetNames: ['no', 'yes'] },
    );
    expect(d.X.dtype).toBe('float32');
    expect(d.X.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(d.y.dtype).toBe('int32');
    expect(d.featureNames).toEqual(['u', 'v']);
    expect(d.targetName).toBe('target');
    expect(d.targetNames).toEqual(['no', 'yes']);
    const f = fromArrays([new Float64Array([0.1])], [0.5], { dtype: 'float64', targetDtype: 'float64' });
    expect(f.X.data[0]).toBe(0.1);
    expect(f.y.data[0]).toBe(0.5);
    const u = fromArrays([[1], [2]], null);
    expect(u.featureNames).toEqual(['0']);
    expect('y' in u).toBe(false);
  });

  it('errors name the offending index', () => {
    expect(() => fromArrays([], [])).toThrow(code('SHAPE', 'fromArrays: expected at least one row in X, got an empty array'));
    expect(() => fromArrays([[1, 2], [3]], [0, 1])).toThrow(code('SHAPE', 'fromArrays: ragged rows: X[0] has 2 values but X[1] has 1'));
    expect(() => fromArrays([[1, 'a' as never]], [0])).toThrow(code('TYPE', 'fromArrays: expected X[0][1] to be a number, got "a"'));
    expect(() => fromArrays([[1], [2]], [0])).toThrow(
      code('SHAPE', 'fromArrays: expected X and y with the same number of samples, got 2 rows in X and 1 values in y'),
    );
    expect(() => fromArrays([[1]], [0.5])).toThrow(code('VALUE', "fromArrays: expected y[0] to be an integer class index (targetDtype 'int32'), got 0.5"));
    expect(() => fromArrays([[1]], [0], { featureNames: ['a', 'b'] })).toThrow(code('SHAPE', 'fromArrays: expected 1 featureNames (one per column of X), got 2'));
    expect(() => fromArrays('1,2' as never, [0])).toThrow(code('TYPE', 'fromArrays: expected X to be an array of rows (number[][]), got "1,2"'));
    expect(() => fromArrays([[1]], [0], { dtype: 'int32' } as never)).toThrow(code('OPTION', "expected option 'dtype' to be one of \"float32\", \"float64\""));
    expect(() => fromArrays([[1]], [0], { targetdtype: 'float32' } as never)).toThrow(code('OPTION', "did you mean 'targetDtype'"));
  });
});
