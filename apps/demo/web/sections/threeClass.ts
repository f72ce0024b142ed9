// Three classes, one-hot target: the article's two predictions, and a slider for your own P(A)
// whose cross-entropy is computed by crossEntropy as you move it.
import { changeset } from 'vega';
import { trueClassLossSpec } from '../../src/specs.js';
import { TRUE_CLASS, computeThreeClass, crossEntropyForA } from '../../src/threeClassData.js';
import { $, fmt, input, plotWidth, render } from '../render.js';

export async function drawThreeClass(): Promise<void> {
  const data = computeThreeClass();
  const table = $('three-class-table');
  const body = table.querySelector('tbody');
  if (body === null) throw new Error('page: no tbody in #three-class-table');
  body.replaceChildren(
    ...data.predictions.map((p, i) => {
      const tr = document.createElement('tr');
      const cells = [i === 0 ? 'good' : 'bad', ...p.map((v) => fmt(v, 2)), fmt(data.crossEntropy[i] ?? Number.NaN), fmt(data.nll[i] ?? Number.NaN)];
      cells.forEach((text, c) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (c > 0) td.className = 'num';
        tr.append(td);
      });
      return tr;
    }),
  );
  table.dataset.state = 'ready';

  const slider = input('mine-pa');
  const mine = () => {
    const pA = Number(slider.value);
    const rest = (1 - pA) / 2;
    return { pA, rest, loss: crossEntropyForA([pA, rest, rest]) };
  };
  const el = $('three-class');
  const width = plotWidth(el, 560);
  const start = mine();
  const examples = data.predictions.map((p, i) => ({
    p: p[TRUE_CLASS] ?? Number.NaN,
    loss: data.crossEntropy[i] ?? Number.NaN,
    label: `[${p.join(', ')}] → ${fmt(data.crossEntropy[i] ?? Number.NaN)}`,
  }));
  const view = await render(
    el,
    trueClassLossSpec(data.curve, examples, { title: '', width, height: Math.round(Math.min(300, width * 0.65)), mine: { p: start.pA, loss: start.loss } }),
  );
  el.dataset.state = 'ready';

  let pending = false;
  const update = () => {
    const m = mine();
    $('mine-pa-value').textContent = fmt(m.pA, 2);
    $('mine-rest').textContent = fmt(m.rest, 3);
    $('mine-loss').textContent = fmt(m.loss);
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const now = mine();
      void view.change('mine', changeset().remove(() => true).insert([{ p: now.pA, loss: now.loss }])).runAsync();
    });
  };
  slider.addEventListener('input', update);
  update();
}
