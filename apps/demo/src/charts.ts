// Node side of the figures: compile a Vega-Lite spec (src/specs.ts) with vega-lite, render it
// headless with vega's View (renderer 'none') to SVG, and rasterise the SVG to PNG with resvg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export * from './specs.js';

/** A figure written to disk, as SVG and PNG. */
export interface Figure {
  /** file stem, e.g. "curve" → curve.svg, curve.png */
  name: string;
  /** caption for the report */
  caption: string;
  svgPath: string;
  pngPath: string;
  /** the SVG text, to inline in the HTML report */
  svg: string;
  /** PNG size in pixels */
  width: number;
  height: number;
}

/** Compiles a Vega-Lite spec and renders it to an SVG string in Node (no DOM, no canvas). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  useMeasuredText();
  const vg = compile(spec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Families tried, in order, for PNG text; the first one installed wins. */
const FONT_CANDIDATES = ['DejaVu Sans', 'Liberation Sans', 'Noto Sans', 'Arial', 'Helvetica', 'FreeSans'];

function resvg(svg: string, scale: number, family: string | undefined): Resvg {
  return new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: true,
      ...(family !== undefined ? { defaultFontFamily: family, sansSerifFamily: family } : {}),
    },
  });
}

function drawsText(family: string | undefined): boolean {
  const face = family ?? 'sans-serif';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><text x="4" y="22" font-size="20" font-family="${face}" fill="black">J(w) φ</text></svg>`;
  const { pixels } = resvg(svg, 1, family).render();
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) dark++;
  return dark > 20;
}

let detected: { family: string | undefined; ok: boolean } | undefined;

/**
 * Text widths for vega's layout, measured with the PNG font. Without a canvas vega guesses
 * 0.8 em per character, far wider than real text: long titles and labels then leave a wide
 * empty margin. Each character's advance is measured once (the ink width of "H c H" less that of
 * "HH", kerning ignored) and a string's width is the sum.
 */
const advances = new Map<string, number>();
const MEASURE_SIZE = 100;

function inkWidth(text: string, bold: boolean, family: string): number {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${MEASURE_SIZE * (text.length + 2)}" height="${MEASURE_SIZE * 2}"><text x="10" y="${MEASURE_SIZE * 1.5}" font-size="${MEASURE_SIZE}" font-family="${family}" font-weight="${bold ? 'bold' : 'normal'}" xml:space="preserve">${esc}</text></svg>`;
  return resvg(svg, 1, family).getBBox()?.width ?? 0;
}

function advance(ch: string, bold: boolean, family: string): number {
  const key = `${bold ? 'b' : 'n'}${ch}`;
  let w = advances.get(key);
  if (w === undefined) {
    w = Math.max(0, inkWidth(`H${ch}H`, bold, family) - inkWidth('HH', bold, family)) / MEASURE_SIZE;
    advances.set(key, w);
  }
  return w;
}

type TextItem = { fontSize?: number; fontWeight?: string | number };
/** vega's text measurer (exported at run time, missing from its typings). */
const textMetrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;

let measuring = false;

function useMeasuredText(): void {
  if (measuring) return;
  measuring = true;
  const { family, ok } = pngFont();
  if (!ok || family === undefined) return; // no font: keep vega's own estimate
  textMetrics.width = (item: TextItem, text?: unknown) => {
    const t = String(text ?? '').trim();
    const size = item.fontSize ?? 11;
    const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    let em = 0;
    for (const ch of t) em += advance(ch, bold, family);
    return em * size;
  };
}

/**
 * The installed font family the PNGs are drawn with, and whether text renders at all. resvg
 * silently drops text when it finds no font, so the PNG figures would have no labels; on Debian
 * `apt-get install fonts-dejavu-core` fixes that (the SVG files do not depend on it).
 */
export function pngFont(): { family: string | undefined; ok: boolean } {
  if (detected === undefined) {
    const family = FONT_CANDIDATES.find((f) => drawsText(f));
    // None of the usual families: resvg's own default (the first system font), if any.
    detected = family !== undefined ? { family, ok: true } : { family: undefined, ok: drawsText(undefined) };
  }
  return detected;
}

/** Whether the PNG figures get their text (see `pngFont`). */
export function pngTextRenders(): boolean {
  return pngFont().ok;
}

/**
 * Rasterises an SVG to PNG (2× by default, for crisp text) with the system fonts; `pixels` is
 * the raw RGBA image.
 */
export function svgToPng(svg: string, opts: { scale?: number } = {}): { png: Buffer; width: number; height: number; pixels: Buffer } {
  const rendered = resvg(svg, opts.scale ?? 2, pngFont().family).render();
  return { png: rendered.asPng(), width: rendered.width, height: rendered.height, pixels: rendered.pixels };
}

/**
 * Renders `spec` and writes `<dir>/<name>.svg` and `<dir>/<name>.png`. Warns once (through
 * `warn`) when no font is available for the PNG text.
 */
export async function writeFigure(
  spec: TopLevelSpec,
  dir: string,
  name: string,
  caption: string,
  warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<Figure> {
  mkdirSync(dir, { recursive: true });
  const svg = await toSvg(spec);
  const { png, width, height } = svgToPng(svg);
  if (!pngTextRenders() && !warnedNoFonts) {
    warnedNoFonts = true;
    warn('warning: no system font found, the PNG figures have no text (install fonts-dejavu-core); the SVG files are fine');
  }
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  writeFileSync(svgPath, svg);
  writeFileSync(pngPath, png);
  return { name, caption, svgPath, pngPath, svg, width, height };
}

let warnedNoFonts = false;
