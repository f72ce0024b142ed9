// The article's figure, computed in the tab: J(w) against φ(z), and the sigmoid.
import { computeCurve, curvePoints } from '../../src/curveData.js';
import { curveSpec, sigmoidSpec } from '../../src/specs.js';
import { $, plotWidth, render } from '../render.js';

export async function drawCurve(): Promise<void> {
  const data = computeCurve();
  const curveEl = $('curve');
  const sigmoidEl = $('sigmoid');
  const width = plotWidth(curveEl);
  const height = Math.round(Math.min(300, width * 0.7));
  await render(curveEl, curveSpec(curvePoints(data), { title: '', width, height }));
  curveEl.dataset.state = 'ready';
  curveEl.dataset.points = String(data.z.length);
  await render(sigmoidEl, sigmoidSpec(data.z.map((z, i) => ({ z, h: data.h[i] ?? Number.NaN })), { title: '', width: plotWidth(sigmoidEl), height }));
  sigmoidEl.dataset.state = 'ready';
}
