// Small helpers shared by the page's sections: element lookup, Vega rendering at the width the
// layout gives, number formatting and the error line.
import { View, parse } from 'vega';
import { type TopLevelSpec, compile } from 'vega-lite';

export function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page: no #${id}`);
  return el;
}

export function input(id: string): HTMLInputElement {
  return $(id) as HTMLInputElement;
}

export async function render(el: HTMLElement, spec: TopLevelSpec): Promise<View> {
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container: el, hover: true });
  await view.runAsync();
  return view;
}

/**
 * The plot width for a chart in `el`: what the layout gives it, less room for the axes, at most
 * `max` (a phone gets a narrower plot, not a page that scrolls sideways).
 */
export function plotWidth(el: HTMLElement, max = 440, axes = 75): number {
  const available = el.getBoundingClientRect().width || el.parentElement?.getBoundingClientRect().width || max + axes;
  return Math.max(180, Math.min(max, Math.floor(available - axes)));
}

export function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

export function showError(message: string): void {
  const el = $('error');
  el.textContent = `Error: ${message}`;
  el.hidden = false;
}

/** Enables or disables every form control inside `form` (and any extra elements). */
export function setDisabled(form: HTMLElement, disabled: boolean): void {
  for (const el of form.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLFieldSetElement>('input, button, fieldset, select')) {
    el.disabled = disabled;
  }
}
