// MSE against cross-entropy: both losses and their gradients by autodiff at a predicted
// probability you choose, and the figure over every p.
import { lossAndGrads, lossCurves, P_WRONG } from '../../src/mseVsCeData.js';
import { mseVsCeSpec } from '../../src/specs.js';
import { $, fmt, input, plotWidth, render } from '../render.js';

function cell(text: string, numeric: boolean): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (numeric) td.className = 'num';
  return td;
}

export async function drawMseVsCe(): Promise<void> {
  const slider = input('mse-p');
  const table = $('mse-ce-table');
  const body = table.querySelector('tbody');
  if (body === null) throw new Error('page: no tbody in #mse-ce-table');
  const update = () => {
    const p = Number(slider.value);
    const g = lossAndGrads(p);
    $('mse-p-value').textContent = fmt(p, 2);
    const rows: [string, number, number, number][] = [
      ['MSE', g.mse, g.mseGradP, g.mseGradZ],
      ['cross-entropy', g.ce, g.ceGradP, g.ceGradZ],
    ];
    body.replaceChildren(
      ...rows.map(([name, ...values]) => {
        const tr = document.createElement('tr');
        tr.append(cell(name, false), ...values.map((v) => cell(fmt(v), true)));
        return tr;
      }),
    );
    const ratio = Math.abs(g.ceGradZ / g.mseGradZ);
    $('mse-ce-ratio').textContent = `At p = ${fmt(p, 2)} the cross-entropy gradient with respect to z is ${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}× the MSE one.`;
    table.dataset.p = String(p);
    table.dataset.state = 'ready';
  };
  slider.addEventListener('input', update);
  update();

  const el = $('mse-ce');
  // Side by side where there is room, one above the other on a phone.
  const available = el.getBoundingClientRect().width;
  const stacked = available < 760;
  const panelWidth = stacked ? plotWidth(el, 440) : Math.min(360, Math.floor((available - 170) / 2));
  await render(el, mseVsCeSpec(lossCurves(), P_WRONG, { title: '', stacked, panelWidth, panelHeight: Math.round(Math.min(240, panelWidth * 0.7)) }));
  el.dataset.state = 'ready';
}
