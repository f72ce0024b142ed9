import { describe, expect, it } from 'vitest';
import { Y0, Y1, computeCurve, curvePoints, runCurve } from '../src/steps/curve.js';
import { lossAndGrads, lossCurves, runMseVsCe } from '../src/steps/mseVsCe.js';
import { computeThreeClass, runThreeClass } from '../src/steps/threeClass.js';
import { expectFigure, tempDir } from './helpers.js';

const quiet = { log: () => {} };

describe('curve: h = σ(z) and J(w) for z from −10 to 10 by 0.1', () => {
  const data = computeCurve();
  const at = (z: number) => Math.round((z + 10) * 10);

  it('spans the article grid', () => {
    expect(data.z).toHaveLength(201);
    expect(data.z[0]).toBe(-10);
    expect(data.z[200]).toBe(10);
    expect(data.z[at(0)]).toBeCloseTo(0, 12);
    expect(data.z[at(2)]).toBeCloseTo(2, 12);
  });

  it.each([
    // z, σ(z), −log σ(z), −log(1 − σ(z))
    [0, 0.5, Math.LN2, Math.LN2],
    [2, 0.8807970779778823, 0.12692801104297263, 2.1269280110429727],
    [-2, 0.11920292202211755, 2.1269280110429727, 0.12692801104297263],
    [5, 0.9933071490757153, 0.006715348489118068, 5.006715348489118],
    [-10, 4.5397868702434395e-5, 10.000045398899218, 4.5398899216870535e-5],
  ])('at z = %d', (z, h, j1, j0) => {
    const i = at(z);
    expect(data.h[i]).toBeCloseTo(h, 10);
    expect(data.costY1[i]).toBeCloseTo(j1, 8);
    expect(data.costY0[i]).toBeCloseTo(j0, 8);
  });

  it('agrees with binaryCrossEntropyWithLogits', () => {
    expect(data.maxLogitsDiff).toBeLessThan(1e-9);
  });

  it('is plotted as two series named as in the article', () => {
    const pts = curvePoints(data);
    expect(pts.filter((p) => p.series === Y1)).toHaveLength(201);
    expect(pts.filter((p) => p.series === Y0)).toHaveLength(201);
  });
});

describe('three-class: true class A', () => {
  const d = computeThreeClass();

  it('gives 0.3567 and 2.3026 with crossEntropy, nllLoss and a one-hot target alike', () => {
    expect(d.crossEntropy[0]?.toFixed(4)).toBe('0.3567');
    expect(d.crossEntropy[1]?.toFixed(4)).toBe('2.3026');
    expect(d.crossEntropy[0]).toBeCloseTo(-Math.log(0.7), 10);
    expect(d.crossEntropy[1]).toBeCloseTo(-Math.log(0.1), 10);
    for (let i = 0; i < 2; i++) {
      expect(d.nll[i]).toBeCloseTo(d.crossEntropy[i] ?? Number.NaN, 10);
      expect(d.crossEntropyOneHot[i]).toBeCloseTo(d.crossEntropy[i] ?? Number.NaN, 10);
    }
  });

  it('plots −log p for the true class', () => {
    expect(d.curve).toHaveLength(200);
    for (const { p, loss } of d.curve) expect(loss).toBeCloseTo(-Math.log(p), 8);
  });
});

describe('mse-vs-ce: a wrong, confident prediction', () => {
  it('cross-entropy punishes it harder, and its gradient does not vanish', () => {
    const w = lossAndGrads(0.01);
    expect(w.mse).toBeCloseTo(0.9801, 10);
    expect(w.ce).toBeCloseTo(-Math.log(0.01), 10);
    expect(w.mseGradP).toBeCloseTo(-1.98, 8);
    expect(w.ceGradP).toBeCloseTo(-100, 6);
    expect(w.mseGradZ).toBeCloseTo(2 * (0.01 - 1) * 0.01 * 0.99, 8);
    expect(w.ceGradZ).toBeCloseTo(0.01 - 1, 8);
    expect(w.ce).toBeGreaterThan(w.mse);
    expect(Math.abs(w.ceGradZ)).toBeGreaterThan(40 * Math.abs(w.mseGradZ));
  });

  it('computes the curves elementwise by autodiff', () => {
    const pts = lossCurves();
    for (const pt of pts) {
      if (pt.series === 'MSE') {
        expect(pt.loss).toBeCloseTo((1 - pt.p) ** 2, 8);
        expect(pt.grad).toBeCloseTo(2 * (1 - pt.p) * pt.p * (1 - pt.p), 8);
      } else {
        expect(pt.loss).toBeCloseTo(-Math.log(pt.p), 8);
        expect(pt.grad).toBeCloseTo(1 - pt.p, 8);
      }
    }
  });
});

describe('figures of the first three steps', () => {
  it('writes curve, sigmoid, three-class and mse-vs-ce as SVG and PNG', async () => {
    const outDir = tempDir('steps');
    const results = [await runCurve({ outDir, ...quiet }), await runThreeClass({ outDir, ...quiet }), await runMseVsCe({ outDir, ...quiet })];
    expect(results.flatMap((r) => r.figures.map((f) => f.name))).toEqual(['curve', 'sigmoid', 'three-class', 'mse-vs-ce']);
    for (const name of ['curve', 'sigmoid', 'three-class', 'mse-vs-ce']) expectFigure(outDir, name);
    expect(results[1]?.numbers['loss of [0.7, 0.2, 0.1]']).toBeCloseTo(0.3567, 4);
  });
});
