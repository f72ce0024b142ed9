import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curveSpec, lossCurveSpec, pngFont, rocSpec, sigmoidSpec, svgToPng, toSvg, writeFigure } from '../src/charts.js';
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
