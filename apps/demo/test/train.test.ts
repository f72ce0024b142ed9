import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StandardScaler, loadBreastCancer } from '@entropic/data';
import { LogisticRegression } from '@entropic/model';
import { main } from '../src/cli.js';
import { runPredict } from '../src/steps/predict.js';
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

  it('reports the objective after the last update as the final one, and plots it', () => {
    // history[k] is the objective before update k + 1: the 300th update comes after history[299].
    const h = data.main.history;
    expect(data.main.epochs).toBe(300);
    expect(data.main.finalObjective).toBeLessThan(h.at(-1) ?? 0);
    // one more step of the same size: the decrease is about the previous one
    const lastStep = (h.at(-2) ?? 0) - (h.at(-1) ?? 0);
    expect((h.at(-1) ?? 0) - data.main.finalObjective).toBeCloseTo(lastStep, 6);
    expect(data.main.curve).toHaveLength(301);
    expect(data.main.curve[0]).toEqual({ epoch: 0, loss: h[0] });
    expect(data.main.curve.at(-1)).toEqual({ epoch: 300, loss: data.main.finalObjective });
    const table = result.tables[0];
    const row = table?.rows.find((r) => r[0] === 'final training objective');
    expect(row?.[1]).toBe(data.main.finalObjective.toFixed(4));
    expect(result.numbers['final training objective']).toBe(data.main.finalObjective);
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
    // The curve drawn is the one the AUC measures: its trapezoids add up to rocAuc.
    let area = 0;
    for (let i = 1; i < roc.length; i++) area += ((roc[i]?.fpr ?? 0) - (roc[i - 1]?.fpr ?? 0)) * (((roc[i]?.tpr ?? 0) + (roc[i - 1]?.tpr ?? 0)) / 2);
    expect(area).toBeCloseTo(data.main.testRocAuc, 12);
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
  const targetFirst = write('target-first.csv', 'label,x1,x2', (s) => `${s.name},${s.x1},${s.x2}`);
  const semicolons = write('semicolons.csv', 'x1;x2;label', (s) => `${s.x1};${s.x2};${s.name}`);
  const tabs = write('tabs.tsv', 'x1\tx2\tlabel', (s) => `${s.x1}\t${s.x2}\t${s.y}`);
  const twoAndTen = write('two-and-ten.csv', 'x1,x2,label', (s) => `${s.x1},${s.x2},${s.y ? 10 : 2}`);
  const withText = write('with-text.csv', 'x1,x2,label,name', (s, i) => `${s.x1},${s.x2},${s.y},row${i}`);
  const threeClasses = join(dir, 'three.csv');
  writeFileSync(threeClasses, 'a,b,y\n1,2,0\n2,3,1\n3,4,2\n4,5,0\n');
  const fractional = join(dir, 'fractional.csv');
  writeFileSync(fractional, 'a,b,y\n1,2,0\n2,3,0.5\n3,4,1\n4,5,0\n');
  const oneClassRow = join(dir, 'one-row-class.csv');
  writeFileSync(oneClassRow, `a,b,y\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i === 7 ? 1 : 0}`).join('\n')}\n`);

  it('trains on numeric 0/1 targets and on two text labels, and prints the label mapping', async () => {
    const d = await loadDataset(numeric, 'label');
    expect(d.X.shape).toEqual([80, 2]);
    expect(d.classNames).toEqual(['0', '1']);
    const t = await loadDataset(textLabels, 'label');
    expect(t.classNames).toEqual(['benign', 'malignant']);
    expect(Array.from(t.y.data)).toEqual(samples.map((s) => s.y));
    const c = capture();
    const code = await main(['train', '--csv', textLabels, '--target', 'label', '--out', join(dir, 'out'), '--epochs', '100', '--lr', '0.5'], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const printed = c.out.join('\n');
    expect(printed).toMatch(/test accuracy\s+1\.0000/);
    expect(printed).toContain('target: label; classes benign → 0, malignant → 1');
    expect(printed).toMatch(/true 1 \(malignant\)/);
  });

  it('takes the target column by number (0 = the first) as well as by name', async () => {
    const byName = await loadDataset(targetFirst, 'label');
    const byNumber = await loadDataset(targetFirst, '0');
    const fromEnd = await loadDataset(textLabels, '-1');
    expect(byNumber.targetName).toBe('label');
    expect(byNumber.featureNames).toEqual(['x1', 'x2']);
    expect(Array.from(byNumber.y.data)).toEqual(Array.from(byName.y.data));
    expect(Array.from(byNumber.X.data)).toEqual(Array.from(byName.X.data));
    expect(fromEnd.targetName).toBe('label');
    const c = capture();
    expect(await main(['train', '--csv', textLabels, '--target', '2', '--out', join(dir, 'out-n'), '--epochs', '50'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('target: label; classes benign → 0, malignant → 1');
  });

  it('reads other delimiters with --delimiter', async () => {
    const semi = await loadDataset(semicolons, 'label', ';');
    expect(semi.featureNames).toEqual(['x1', 'x2']);
    expect(semi.classNames).toEqual(['benign', 'malignant']);
    const tab = await loadDataset(tabs, 'label', '\t');
    expect(tab.X.shape).toEqual([80, 2]);
    const c = capture();
    expect(await main(['train', '--csv', tabs, '--target', 'label', '--delimiter', 'tab', '--out', join(dir, 'out-t'), '--epochs', '50'], c.io)).toBe(0);
    expect(c.err).toEqual([]);
  });

  it('orders numeric labels by value: 2 → 0, 10 → 1', async () => {
    const d = await loadDataset(twoAndTen, 'label');
    expect(d.classNames).toEqual(['2', '10']);
    expect(Array.from(d.y.data)).toEqual(samples.map((s) => s.y));
  });

  it.each([
    ['an unknown target', () => ['--csv', numeric, '--target', 'nope'], /^error: .*numeric\.csv: unknown target column "nope"; available columns: 0: "x1", 1: "x2", 2: "label"$/],
    ['a column number out of range', () => ['--csv', numeric, '--target', '7'], /^error: .*numeric\.csv: target column index 7 is out of range: the file has 3 columns/],
    ['a non-numeric feature column', () => ['--csv', withText, '--target', 'label'], /^error: .*with-text\.csv: line 2, column "name": expected a number, got "row0"$/],
    ['three classes', () => ['--csv', threeClasses, '--target', 'y'], /^error: .*three\.csv: the target column 'y' must hold two classes, found 3: 0, 1, 2$/],
    ['a fractional target among 0/1', () => ['--csv', fractional, '--target', 'y'], /^error: .*fractional\.csv: the target column 'y' must hold two classes, found 3: 0, 0\.5, 1$/],
    ['the wrong delimiter', () => ['--csv', semicolons, '--target', 'label'], /^error: .*semicolons\.csv: unknown target column "label"; available columns: 0: "x1;x2;label" \(is the delimiter ';'\? use --delimiter ';'\)$/],
    ['a class with one row', () => ['--csv', oneClassRow, '--target', 'y'], /^error: .*one-row-class\.csv: cannot split 20 rows with --test-size 0\.25: class 1 has only 1 member/],
    ['a missing file', () => ['--csv', join(dir, 'missing.csv'), '--target', 'label'], /^error: no such file: .*missing\.csv$/],
  ])('rejects %s with one line and exit code 2, naming the file once and no library option', async (_, args, message) => {
    const c = capture();
    expect(await main(['train', ...args(), '--out', join(dir, 'out-bad')], c.io)).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err).toHaveLength(1);
    const line = c.err[0] ?? '';
    expect(line).toMatch(message);
    expect(line).not.toMatch(/\n|\s{4}at /);
    expect(line).not.toMatch(/targetDtype|labels: 'auto'|pass \{|readCSV|trainTestSplit|stratify/);
    const file = (args()[1] ?? '').split('/').at(-1) ?? '';
    expect(line.split(file).length - 1, `the file is named once in: ${line}`).toBe(1);
  });
});

describe('save and predict', () => {
  const dir = tempDir('predict');
  const modelPath = join(dir, 'model.json');
  let trained: TrainData;

  beforeAll(async () => {
    const c = capture();
    expect(await main(['train', '--save', modelPath, '--out', join(dir, 'train'), '--no-progress'], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/saved the model to .*model\.json; use it with: pnpm demo predict --model .*model\.json/);
    trained = (await trainModels({ progress: false })).dataset as unknown as TrainData;
  });

  it('writes the model, its scaler and the names it needs into one JSON file', () => {
    const file = JSON.parse(readFileSync(modelPath, 'utf8'));
    expect(file.format).toBe('entropic-demo-classifier');
    expect(file.version).toBe(1);
    expect(file.target).toBe('diagnosis');
    expect(file.classes).toEqual(['malignant', 'benign']);
    expect(file.features).toHaveLength(30);
    expect(file.scaler.mean).toHaveLength(30);
    expect(file.model.format).toBe('entropic-model');
    expect(trained).toBeDefined();
  });

  it('loads it and classifies the embedded data as the trained model does', async () => {
    const c = capture();
    const out = join(dir, 'p1');
    expect(await main(['predict', '--model', modelPath, '--out', out], c.io)).toBe(0);
    const printed = c.out.join('\n');
    expect(printed).toContain('classes malignant → 0, benign → 1');
    const acc = Number(/accuracy (\d\.\d+)/.exec(printed)?.[1]);
    expect(acc).toBeGreaterThan(0.97);
    const lines = readFileSync(join(out, 'predictions.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('row,probability_benign,predicted,true');
    expect(lines).toHaveLength(570);
    // The same numbers as the model straight from the file (scaler, then model).
    const r = await runPredict({ outDir: join(dir, 'p2'), log: () => {} }, { model: modelPath });
    const file = JSON.parse(readFileSync(modelPath, 'utf8'));
    const model = LogisticRegression.fromJSON(file.model);
    const scaler = StandardScaler.fromJSON(file.scaler);
    const direct = Array.from(model.predictProba(scaler.transform(loadBreastCancer({ dtype: 'float64' }).X)).data);
    for (const [i, p] of r.data.probability.entries()) expect(p).toBeCloseTo(direct[i] ?? Number.NaN, 12);
    expect(r.data.accuracy).toBeCloseTo(acc, 4);
  });

  it('classifies CSV rows with or without the target column, columns in any order', async () => {
    const bc = loadBreastCancer({ dtype: 'float64' });
    const names = [...bc.featureNames].reverse();
    const rows = [0, 1, 2, 3, 4].map((i) => names.map((n) => bc.X.data[i * 30 + bc.featureNames.indexOf(n)]));
    const noTarget = join(dir, 'new.csv');
    writeFileSync(noTarget, `${['id', ...names].join(';')}\n${rows.map((r, i) => [`p${i}`, ...r].join(';')).join('\n')}\n`);
    const c = capture();
    expect(await main(['predict', '--model', modelPath, '--csv', noTarget, '--delimiter', ';', '--out', join(dir, 'p3')], c.io)).toBe(0);
    expect(c.err).toEqual([]);
    const csv = readFileSync(join(dir, 'p3', 'predictions.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('row,probability_benign,predicted');
    expect(csv).toHaveLength(6);
    expect(c.out.join('\n')).not.toMatch(/accuracy/);
  });

  it.each([
    ['a file that is not JSON', 'garbage.json', 'not json', /^error: .*garbage\.json: not a JSON file/],
    ['another JSON file', 'other.json', '{"a":1}', /^error: .*other\.json: not a model saved by 'pnpm demo train --save'$/],
    ['a truncated model', 'cut.json', null, /^error: .*cut\.json: /],
  ])('refuses %s with one line and exit code 2', async (_, name, text, message) => {
    const path = join(dir, name);
    if (text === null) {
      // The 30 coefficients cut to 5, wherever the model's format keeps them.
      const file = JSON.parse(readFileSync(modelPath, 'utf8'));
      const cut = (o: unknown): boolean => {
        if (o === null || typeof o !== 'object') return false;
        for (const [k, v] of Object.entries(o)) {
          if (Array.isArray(v) && v.length === 30 && v.every((x) => typeof x === 'number')) {
            (o as Record<string, unknown>)[k] = v.slice(0, 5);
            return true;
          }
          if (cut(v)) return true;
        }
        return false;
      };
      expect(cut(file.model)).toBe(true);
      writeFileSync(path, JSON.stringify(file));
    } else writeFileSync(path, text);
    const c = capture();
    expect(await main(['predict', '--model', path, '--out', join(dir, 'p-bad')], c.io)).toBe(2);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(message);
    expect(c.out).toEqual([]);
  });

  it('refuses rows that lack a feature column, and a CSV-trained model without --csv', async () => {
    const partial = join(dir, 'partial.csv');
    writeFileSync(partial, 'mean radius,mean texture\n1,2\n');
    const c = capture();
    expect(await main(['predict', '--model', modelPath, '--csv', partial, '--out', join(dir, 'p4')], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/^error: .*partial\.csv: unknown .*column "/);
    const csvModel = join(dir, 'csv-model.json');
    const small = join(dir, 'small.csv');
    writeFileSync(small, `a,b,y\n${Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2}`).join('\n')}\n`);
    expect(await main(['train', '--csv', small, '--target', 'y', '--save', csvModel, '--out', join(dir, 'p5'), '--epochs', '20'], capture().io)).toBe(0);
    const c2 = capture();
    expect(await main(['predict', '--model', csvModel, '--out', join(dir, 'p6')], c2.io)).toBe(2);
    expect(c2.err).toEqual([`error: predict needs --csv <path>: the model was trained on ${small}, not on the embedded data`]);
  });
});
