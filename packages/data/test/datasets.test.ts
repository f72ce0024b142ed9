import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadCases } from '@entropic/conformance';
import { describe, expect, it } from 'vitest';
import { loadBreastCancer, loadIris, parseCSV } from '../src/index.js';
import { BREAST_CANCER_CSV } from '../src/datasets/breast-cancer-wisconsin-csv.js';
import { IRIS_CSV } from '../src/datasets/iris-csv.js';
import { code } from './codes.js';

const here = (p: string) => new URL(p, import.meta.url);
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

// The checksums published in shared/data/README.md.
const SHA = {
  'breast-cancer-wisconsin.csv': '7dd8e4f78b55cb5fa3cba00b0e61fa6046cbadcdaaa60ca5e48827b536723906',
  'iris.csv': 'b9455ef311be450e7800226dd6993280bedd0ddb522d912b97bba6b535be6b37',
};

function counts(y: ArrayLike<number>): number[] {
  const c: number[] = [];
  for (let i = 0; i < y.length; i++) c[y[i]!] = (c[y[i]!] ?? 0) + 1;
  return c;
}

describe('shipped files', () => {
  for (const [file, hash] of Object.entries(SHA)) {
    it(`datasets/${file} has the published sha256`, () => {
      expect(sha256(readFileSync(here(`../datasets/${file}`)))).toBe(hash);
    });
  }
  it('the embedded modules equal the CSV files byte for byte', () => {
    expect(BREAST_CANCER_CSV).toBe(readFileSync(here('../datasets/breast-cancer-wisconsin.csv'), 'utf8'));
    expect(IRIS_CSV).toBe(readFileSync(here('../datasets/iris.csv'), 'utf8'));
    expect(sha256(BREAST_CANCER_CSV)).toBe(SHA['breast-cancer-wisconsin.csv']);
    expect(sha256(IRIS_CSV)).toBe(SHA['iris.csv']);
  });
  it('datasets/README.md gives licence and attribution', () => {
    const readme = readFileSync(here('../datasets/README.md'), 'utf8');
    for (const s of ['CC BY 4.0', '10.24432/C5DW2B', '10.24432/C56C76', 'Wolberg', 'Fisher', ...Object.values(SHA)]) {
      expect(readme).toContain(s);
    }
  });
});

describe('loadBreastCancer', () => {
  const ds = loadBreastCancer();
  it('has 569 × 30 float64 features and int32 targets 212 malignant (0) / 357 benign (1)', () => {
    expect(ds.X.shape).toEqual([569, 30]);
    expect(ds.X.dtype).toBe('float64');
    expect(ds.y.shape).toEqual([569]);
    expect(ds.y.dtype).toBe('int32');
    expect(counts(ds.y.data)).toEqual([212, 357]);
    expect(ds.targetNames).toEqual(['malignant', 'benign']);
    expect(ds.featureNames).toHaveLength(30);
    expect(ds.featureNames[0]).toBe('mean radius');
    expect(ds.featureNames[29]).toBe('worst fractal dimension');
    expect(ds.description).toContain('0 = malignant, 1 = benign');
    expect(ds.description).toContain('CC BY 4.0');
    expect(ds.description).toContain('https://doi.org/10.24432/C5DW2B');
  });
  it('equals the shipped CSV', () => {
    const lines = readFileSync(here('../datasets/breast-cancer-wisconsin.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]!.split(',')).toEqual([...ds.featureNames, 'target']);
    const X = ds.X.data;
    const y = ds.y.data;
    lines.slice(1).forEach((line, i) => {
      const v = line.split(',').map(Number);
      for (let j = 0; j < 30; j++) expect(X[i * 30 + j]).toBe(v[j]);
      expect(y[i]).toBe(v[30]);
    });
    expect(X[0]).toBe(17.99);
  });
  it('its labels equal y of the conformance vectors (sklearn.json)', () => {
    const c = loadCases<{ dataset: string; y: { data: number[] } }>('sklearn.json').find((k) => k.dataset === 'breast_cancer');
    expect([...ds.y.data]).toEqual(c?.y.data);
  });
  it('float32 on request; fresh tensors every call', () => {
    const f = loadBreastCancer({ dtype: 'float32' });
    expect(f.X.dtype).toBe('float32');
    expect(f.X.data[0]).toBe(Math.fround(17.99));
    expect(loadBreastCancer().X.data).not.toBe(ds.X.data);
    expect(() => loadBreastCancer({ dtype: 'int32' as never })).toThrow(
      code('OPTION', `loadBreastCancer: expected option 'dtype' to be one of "float32", "float64", got "int32"`),
    );
    expect(() => loadBreastCancer({ seed: 1 } as never)).toThrow(code('OPTION', "loadBreastCancer: unknown option 'seed'"));
  });
});

describe('loadIris', () => {
  const ds = loadIris();
  it('has 150 × 4 float64 features and 50 / 50 / 50 classes', () => {
    expect(ds.X.shape).toEqual([150, 4]);
    expect(ds.X.dtype).toBe('float64');
    expect(ds.y.shape).toEqual([150]);
    expect(ds.y.dtype).toBe('int32');
    expect(counts(ds.y.data)).toEqual([50, 50, 50]);
    expect(ds.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(ds.description).toContain('https://doi.org/10.24432/C56C76');
  });
  it("equals the shipped CSV (scikit-learn's corrected samples 35 and 38)", () => {
    const ref = parseCSV(readFileSync(here('../datasets/iris.csv'), 'utf8'), { dtype: 'float64' });
    expect([...ds.X.data]).toEqual([...ref.X.data]);
    expect([...ds.y.data]).toEqual([...ref.y.data]);
    expect(ds.X.toArray()).toEqual(ref.X.toArray());
    expect((ds.X.toArray() as number[][])[34]).toEqual([4.9, 3.1, 1.5, 0.2]);
    expect((ds.X.toArray() as number[][])[37]).toEqual([4.9, 3.6, 1.4, 0.1]);
  });
});
