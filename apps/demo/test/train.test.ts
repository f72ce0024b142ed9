import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { type TrainData, loadDataset, runTrain, trainModels } from '../src/steps/train.js';
import { expectFigure, tempDir } from './helpers.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), progress: { write: () => true } }, out, err };
}

describe('train on the embedded breast cancer data', () => {
  let result: Awaited<ReturnType<typeof runTrain>>;
  let data: TrainData;
  const outDir = tempDir('train');

  beforeAll(async () => {
    result = await runTrain({ outDir, log: () => {} }, { progress: false });
    data = result.data;
  });

  it('uses all 569 rows, 30 features, a stratified 25% test split and scikit-learn\'s default penalty', () => {
    expect(data.l2).toBeCloseTo(1 / 426, 15);
    expect(data.dataset.rows).toBe(569);
    expect(data.dataset.features).toBe(30);
    expect(data.dataset.testRows).toBe(143);
    expect(data.dataset.trainRows).toBe(426);
  });

  it('reaches a test accuracy ≥ 0.95 by full-batch gradient descent', () => {
    expect(data.main.solver).toBe('gd');
    expect(data.main.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(data.main.testRocAuc).toBeGreaterThan(0.98);
    expect(data.main.testLogLoss).toBeLessThan(0.2);
    const [[tn = 0, fp = 0] = [], [fn = 0, tp = 0] = []] = data.main.confusion;
    expect(tn + fp + fn + tp).toBe(143);
    expect((tn + tp) / 143).toBeCloseTo(data.main.testAccuracy, 10);
  });

  it('lowers the training loss epoch after epoch', () => {
    const h = data.main.history;
    expect(h).toHaveLength(300);
    expect(h.at(-1)).toBeLessThan((h[0] ?? 0) / 3);
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeLessThanOrEqual((h[i - 1] ?? 0) + 1e-12);
  });

  it('compares with the same model fitted by L-BFGS', () => {
    expect(data.comparison.solver).toBe('lbfgs');
    expect(data.comparison.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(data.comparison.history.at(-1)).toBeLessThanOrEqual((data.main.history.at(-1) ?? 0) + 1e-6);
  });

  it('draws the loss curve and the ROC curves', () => {
    expect(result.figures.map((f) => f.name)).toEqual(['loss-curve', 'roc']);
    expectFigure(outDir, 'loss-curve');
    expectFigure(outDir, 'roc');
    const roc = data.main.roc;
    expect(roc[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(roc.at(-1)).toEqual({ fpr: 1, tpr: 1 });
  });

  it('is reproducible: the same seed gives the same model', async () => {
    const again = await trainModels({ progress: false });
    expect(again.main.testAccuracy).toBe(data.main.testAccuracy);
    expect(again.main.history.at(-1)).toBe(data.main.history.at(-1));
  });
});

describe('train without a penalty', () => {
  it('notes that the separable data have no unpenalised minimum (L-BFGS drives the loss to 0)', async () => {
    const lines: string[] = [];
    const r = await runTrain({ outDir: tempDir('train-l2'), log: (l) => lines.push(l) }, { progress: false, l2: 0 });
    expect(r.data.l2).toBe(0);
    expect(r.data.main.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.data.comparison.history.at(-1)).toBeLessThan(1e-3);
    expect(lines.join('\n')).toMatch(/objective: mean cross-entropy \(no penalty\)/);
    expect(lines.join('\n')).toMatch(/note: The training rows are linearly separable/);
  });
});

describe('train on a CSV file', () => {
  const dir = tempDir('csv');
  // Two well-separated blobs, deterministic.
  const samples = Array.from({ length: 80 }, (_, i) => {
    const y = i % 2;
    const a = (((i * 37) % 17) / 17 - 0.5) * 0.8;
    const b = (((i * 53) % 13) / 13 - 0.5) * 0.8;
    return { x1: (y ? 1.5 : -1.5) + a, x2: (y ? 1 : -1) + b, y, name: y ? 'malignant' : 'benign' };
  });
  const write = (file: string, header: string, line: (s: (typeof samples)[number], i: number) => string) => {
    const path = join(dir, file);
    writeFileSync(path, `${[header, ...samples.map(line)].join('\n')}\n`);
    return path;
  };
  const numeric = write('numeric.csv', 'x1,x2,label', (s) => `${s.x1},${s.x2},${s.y}`);
  const textLabels = write('labels.csv', 'x1,x2,label', (s) => `${s.x1},${s.x2},${s.name}`);
  const withText = write('with-text.csv', 'x1,x2,label,name', (s, i) => `${s.x1},${s.x2},${s.y},row${i}`);
  const threeClasses = join(dir, 'three.csv');
  writeFileSync(threeClasses, 'a,b,y\n1,2,0\n2,3,1\n3,4,2\n4,5,0\n');

  it('trains on numeric 0/1 targets and on two text labels', async () => {
    const d = await loadDataset(numeric, 'label');
    expect(d.X.shape).toEqual([80, 2]);
    expect(d.classNames).toEqual(['0', '1']);
    const t = await loadDataset(textLabels, 'label');
    expect(t.classNames).toEqual(['benign', 'malignant']);
    const c = capture();
    const code = await main(['train', '--csv', numeric, '--target', 'label', '--out', join(dir, 'out'), '--epochs', '100', '--lr', '0.5'], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out.join('\n')).toMatch(/test accuracy\s+1\.0000/);
  });

  it.each([
    ['an unknown target', () => ['--csv', numeric, '--target', 'nope'], /^error: .*numeric\.csv: .*nope/],
    ['a non-numeric feature column', () => ['--csv', withText, '--target', 'label'], /^error: .*with-text\.csv: .*name/],
    ['three classes', () => ['--csv', threeClasses, '--target', 'y'], /^error: .*three\.csv: target column 'y' must hold two classes/],
    ['a missing file', () => ['--csv', join(dir, 'missing.csv'), '--target', 'label'], /^error: no such file: .*missing\.csv$/],
  ])('rejects %s with one line and exit code 2', async (_, args, message) => {
    const c = capture();
    expect(await main(['train', ...args(), '--out', join(dir, 'out-bad')], c.io)).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(message);
    expect(c.err[0]).not.toMatch(/\n|\s{4}at /);
  });
});
