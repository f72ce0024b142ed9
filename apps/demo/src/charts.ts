// Node side of the figures: compile a Vega-Lite spec (src/specs.ts) with vega-lite, render it
// headless with vega's View (renderer 'none') to SVG, and rasterise the SVG to PNG with resvg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
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
