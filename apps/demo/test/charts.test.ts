import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curveSpec, lossCurveSpec, mseVsCeSpec, pngFont, rocSpec, sigmoidSpec, svgToPng, toSvg, trueClassLossSpec, writeFigure } from '../src/charts.js';
import { computeCurve, curvePoints } from '../src/curveData.js';
import { lossCurves } from '../src/mseVsCeData.js';
import { computeThreeClass } from '../src/threeClassData.js';
import { expectFigure, pngSize, tempDir } from './helpers.js';

const points = [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99].flatMap((h) => [
  { h, j: -Math.log(h), series: 'J(w) if y=1' },
  { h, j: -Math.log(1 - h), series: 'J(w) if y=0' },
]);

/** Pixels darker than mid-grey in an RGBA buffer. */
function darkPixels(rgba: Buffer): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if ((rgba[i] ?? 255) + (rgba[i + 1] ?? 255) + (rgba[i + 2] ?? 255) < 3 * 110) n++;
  return n;
}

describe('charts', () => {
  it('renders a Vega-Lite spec to SVG in Node with the axis titles and legend of the article', async () => {
    const svg = await toSvg(curveSpec(points));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('φ(z)');
    expect(svg).toContain('J(w)');
    expect(svg).toContain('J(w) if y=1');
    expect(svg).toContain('J(w) if y=0');
    expect(svg).toContain('role-legend');
  });

  it('finds a system font for the PNG text (on Debian: apt-get install fonts-dejavu-core)', () => {
    const font = pngFont();
    expect(font.ok, 'resvg found no font: PNG figures would have no text; install fonts-dejavu-core').toBe(true);
  });

  it('draws the text into the PNG, not only the lines', async () => {
    const svg = await toSvg(curveSpec(points));
    const withText = svgToPng(svg);
    const withoutText = svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''));
    expect(pngSize(withText.png)).toEqual({ width: withText.width, height: withText.height });
    // Tick labels, axis titles and legend: thousands of dark pixels at 2×.
    expect(darkPixels(withText.pixels) - darkPixels(withoutText.pixels)).toBeGreaterThan(1_500);
  });

  it('writes SVG and PNG files of sensible size for every kind of figure', async () => {
    const dir = tempDir('charts');
    await writeFigure(curveSpec(points), dir, 'curve', 'c');
    await writeFigure(sigmoidSpec([-10, -5, 0, 5, 10].map((z) => ({ z, h: 1 / (1 + Math.exp(-z)) }))), dir, 'sigmoid', 's');
    await writeFigure(
      lossCurveSpec(
        [1, 2, 3, 4, 5].map((epoch) => ({ epoch, loss: 1 / epoch, series: 'gd' })),
        { yLog: true },
      ),
      dir,
      'loss',
      'l',
    );
    await writeFigure(
      rocSpec([
        { fpr: 0, tpr: 0, order: 0, series: 'gd' },
        { fpr: 0.1, tpr: 0.8, order: 1, series: 'gd' },
        { fpr: 1, tpr: 1, order: 2, series: 'gd' },
      ]),
      dir,
      'roc',
      'r',
    );
    for (const name of ['curve', 'sigmoid', 'loss', 'roc']) expectFigure(dir, name);
    expect(readFileSync(`${dir}/sigmoid.svg`, 'utf8')).toContain('φ(z)');
  });
});

/** Rows and columns of white (≥ 250) around everything drawn in an RGBA image. */
function margins(px: Buffer, width: number, height: number): { left: number; right: number; top: number; bottom: number } {
  let [x0, x1, y0, y1] = [width, -1, height, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      if ((px[i] ?? 255) < 250 || (px[i + 1] ?? 255) < 250 || (px[i + 2] ?? 255) < 250) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { left: x0, right: width - 1 - x1, top: y0, bottom: height - 1 - y1 };
}

describe('the figures', () => {
  const curve = computeCurve();
  const three = computeThreeClass();
  const history = Array.from({ length: 301 }, (_, i) => ({ epoch: i, loss: 0.08 + 0.6 * Math.exp(-i / 30), series: 'gradient descent (lr 0.1)' }));
  const figures = {
    curve: curveSpec(curvePoints(curve)),
    sigmoid: sigmoidSpec(curve.z.map((z, i) => ({ z, h: curve.h[i] ?? 0 }))),
    'three-class': trueClassLossSpec(
      three.curve,
      three.predictions.map((p, i) => ({ p: p[0] ?? 0, loss: three.crossEntropy[i] ?? 0, label: `[${p.join(', ')}] → ${(three.crossEntropy[i] ?? 0).toFixed(4)}` })),
    ),
    'mse-vs-ce': mseVsCeSpec(lossCurves(), 0.01),
    'loss-curve': lossCurveSpec(history, { yLog: true, title: 'Training objective per iteration, log scale' }),
    roc: rocSpec([
      { fpr: 0, tpr: 0, order: 0, series: 'gd' },
      { fpr: 0, tpr: 0.9, order: 1, series: 'gd' },
      { fpr: 0.1, tpr: 0.9, order: 2, series: 'gd' },
      { fpr: 0.1, tpr: 1, order: 3, series: 'gd' },
      { fpr: 1, tpr: 1, order: 4, series: 'gd' },
    ]),
  };

  it.each(Object.entries(figures))('%s has a title and no empty margins', async (_, spec) => {
    const svg = await toSvg(spec);
    expect(svg).toContain('role-title');
    const { pixels, width, height } = svgToPng(svg);
    const m = margins(pixels, width, height);
    // vega's padding is 5 px (10 at 2×), plus a few where an end tick label sits inside the space
    // reserved for it: a wider margin is dead space.
    for (const side of ['left', 'right', 'top', 'bottom'] as const) expect(m[side], `${side} margin of ${width}×${height}`).toBeLessThanOrEqual(20);
  });

  it('draws a ROC curve that climbs the FPR = 0 edge beside the axis line, not under it', async () => {
    const { pixels, width, height } = svgToPng(await toSvg(figures.roc));
    const blue = (x: number, y: number) => {
      const i = 4 * (y * width + x);
      return (pixels[i] ?? 255) < 90 && (pixels[i + 2] ?? 0) > 140 && (pixels[i + 1] ?? 0) > 90 && (pixels[i + 1] ?? 0) < 150;
    };
    const grey = (x: number, y: number) => {
      const i = 4 * (y * width + x);
      const [r = 0, g = 0, b = 0] = [pixels[i], pixels[i + 1], pixels[i + 2]];
      return Math.abs(r - g) < 8 && Math.abs(g - b) < 8 && r > 100 && r < 160;
    };
    const longestColumn = (test: (x: number, y: number) => boolean) => {
      let best = { x: -1, run: 0 };
      for (let x = 0; x < width; x++) {
        let run = 0;
        for (let y = 0; y < height; y++) {
          run = test(x, y) ? run + 1 : 0;
          if (run > best.run) best = { x, run };
        }
      }
      return best;
    };
    const curveColumn = longestColumn(blue);
    const axisColumn = longestColumn(grey);
    // The vertical part at FPR = 0 spans 90% of the axis and is drawn clear of the axis line.
    expect(curveColumn.run).toBeGreaterThan(0.8 * axisColumn.run);
    expect(Math.abs(curveColumn.x - axisColumn.x)).toBeGreaterThanOrEqual(6);
  });
});
