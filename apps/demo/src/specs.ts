// Vega-Lite spec builders for every figure of the demo. Browser-safe: no Node built-ins, so the
// web page (web/main.ts) draws its charts from the same declarations as the CLI.
import type { TopLevelSpec } from 'vega-lite';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 440;
const HEIGHT = 300;

/** Shared look: white background, readable fonts, article-like axes. */
const config = {
  background: 'white',
  font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 14, titleFontWeight: 'normal' as const, grid: true, gridOpacity: 0.5 },
  legend: { labelFontSize: 13, titleFontSize: 13, labelLimit: 400, orient: 'top-right' as const, fillColor: 'white', strokeColor: '#bbb', padding: 6, symbolStrokeWidth: 2.5 },
  title: { fontSize: 15, fontWeight: 'bold' as const, anchor: 'start' as const },
  view: { stroke: '#888' },
};

/** A figure's title: the default, another text, or none for '' (the page titles its figures in HTML). */
function titled(given: string | undefined, fallback: string): { title?: string } {
  const text = given ?? fallback;
  return text === '' ? {} : { title: text };
}

/** Ticks on a probability axis every 0.1 where there is room, every 0.2 or 0.25 where not. */
function probabilityTicks(width: number): { tickCount: number } {
  return { tickCount: width >= 400 ? 10 : width >= 300 ? 5 : 4 };
}

export interface CurvePoint {
  /** h = φ(z) = σ(z) */
  h: number;
  /** J(w) for this h and class */
  j: number;
  /** the legend entry, e.g. "J(w) if y=1" */
  series: string;
}

/**
 * The article's figure: the cost J(w) of a single example against φ(z), one line for y = 1
 * (−log φ(z)) and one for y = 0 (−log(1 − φ(z))). The y axis is cut at 5.1 as in the article.
 */
export function curveSpec(points: readonly CurvePoint[], opts: { yMax?: number; title?: string; width?: number; height?: number } = {}): TopLevelSpec {
  const yMax = opts.yMax ?? 5.1;
  const series = [...new Set(points.map((p) => p.series))];
  return {
    $schema: SCHEMA,
    ...titled(opts.title, 'The cost of one example, J(w), against φ(z)'),
    width: opts.width ?? WIDTH,
    height: opts.height ?? HEIGHT,
    config,
    data: { values: points.filter((p) => Number.isFinite(p.j)) as unknown as Record<string, unknown>[] },
    mark: { type: 'line', strokeWidth: 2.5, clip: true },
    encoding: {
      x: { field: 'h', type: 'quantitative', title: 'φ(z)', scale: { domain: [0, 1] }, axis: probabilityTicks(opts.width ?? WIDTH) },
      y: { field: 'j', type: 'quantitative', title: 'J(w)', scale: { domain: [0, yMax], nice: false } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: series,
        scale: { domain: series, range: ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'] },
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: series,
        scale: { domain: series, range: [[1, 0], [6, 4], [2, 2], [8, 2, 2, 2]] },
      },
      order: { field: 'h', type: 'quantitative' },
    },
  };
}

/** The sigmoid hypothesis h = φ(z) = σ(z) against z, with the article's guides at z = 0 and φ = 0, ½, 1. */
export function sigmoidSpec(points: readonly { z: number; h: number }[], opts: { title?: string; width?: number; height?: number } = {}): TopLevelSpec {
  return {
    $schema: SCHEMA,
    ...titled(opts.title, 'The sigmoid φ(z) = 1 / (1 + e^−z)'),
    width: opts.width ?? WIDTH,
    height: opts.height ?? HEIGHT,
    config,
    layer: [
      {
        data: { values: [{ z: 0 }] },
        mark: { type: 'rule', color: 'black', strokeWidth: 1.2 },
        encoding: { x: { field: 'z', type: 'quantitative' } },
      },
      {
        data: { values: [{ h: 0 }, { h: 0.5 }, { h: 1 }] },
        mark: { type: 'rule', color: '#777', strokeDash: [3, 3], strokeWidth: 1 },
        encoding: { y: { field: 'h', type: 'quantitative' } },
      },
      {
        data: { values: points as unknown as Record<string, unknown>[] },
        mark: { type: 'line', strokeWidth: 2.5, color: '#1f77b4' },
        encoding: {
          x: { field: 'z', type: 'quantitative', title: 'z', scale: { domain: [-10, 10], nice: false } },
          y: {
            field: 'h',
            type: 'quantitative',
            title: 'φ(z)',
            scale: { domain: [-0.1, 1.1], nice: false },
            axis: { values: [0, 0.5, 1], grid: false },
          },
          order: { field: 'z', type: 'quantitative' },
        },
      },
    ],
  };
}

/**
 * −log p for every probability p of the true class, with the article's two example predictions
 * marked and labelled.
 */
export function trueClassLossSpec(
  curve: readonly { p: number; loss: number }[],
  examples: readonly { p: number; loss: number; label: string }[],
  opts: { title?: string; width?: number; height?: number; mine?: { p: number; loss: number } } = {},
): TopLevelSpec {
  const labelled = examples.map((e) => ({ ...e, side: e.p > 0.5 ? 'above' : 'right' }));
  // Right of a point on the steep left part of the falling curve, above one on its flat right
  // part: both clear of the curve and inside the plot.
  const label = (side: 'above' | 'right') => ({
    data: { values: labelled.filter((e) => e.side === side) as unknown as Record<string, unknown>[] },
    mark: { type: 'text' as const, align: side === 'right' ? ('left' as const) : ('center' as const), dx: side === 'right' ? 9 : 0, dy: side === 'right' ? -11 : -30, fontSize: 12, color: '#d62728' },
    encoding: {
      x: { field: 'p', type: 'quantitative' as const },
      y: { field: 'loss', type: 'quantitative' as const },
      text: { field: 'label', type: 'nominal' as const },
    },
  });
  return {
    $schema: SCHEMA,
    ...titled(opts.title, 'Three classes, true class A: the loss is −log P(A)'),
    width: opts.width ?? WIDTH,
    height: opts.height ?? HEIGHT,
    config,
    layer: [
      {
        data: { values: curve.filter((c) => Number.isFinite(c.loss)) as unknown as Record<string, unknown>[] },
        mark: { type: 'line', strokeWidth: 2.5, color: '#1f77b4', clip: true },
        encoding: {
          x: { field: 'p', type: 'quantitative', title: 'predicted probability of the true class (A)', scale: { domain: [0, 1] }, axis: probabilityTicks(opts.width ?? WIDTH) },
          y: { field: 'loss', type: 'quantitative', title: 'cross-entropy  −log p', scale: { domain: [0, 5], nice: false } },
          order: { field: 'p', type: 'quantitative' },
        },
      },
      {
        data: { values: examples as unknown as Record<string, unknown>[] },
        mark: { type: 'point', filled: true, size: 110, color: '#d62728' },
        encoding: {
          x: { field: 'p', type: 'quantitative' },
          y: { field: 'loss', type: 'quantitative' },
        },
      },
      label('right'),
      label('above'),
      // The page's own prediction (a slider), streamed into the named data set 'mine'.
      ...(opts.mine
        ? [
            {
              data: { name: 'mine', values: [opts.mine] as unknown as Record<string, unknown>[] },
              mark: { type: 'point' as const, shape: 'diamond', filled: true, size: 140, color: '#2ca02c' },
              encoding: { x: { field: 'p', type: 'quantitative' as const }, y: { field: 'loss', type: 'quantitative' as const } },
            },
          ]
        : []),
    ],
  };
}

export interface MseCePoint {
  /** predicted probability of the true class (the target is y = 1) */
  p: number;
  /** loss value */
  loss: number;
  /** |∂loss/∂z| with p = σ(z) */
  grad: number;
  series: 'MSE' | 'cross-entropy';
}

/**
 * Two panels for a target y = 1: the losses against the predicted probability, and the size of
 * their gradient with respect to the logit z. A vertical rule marks the wrong, confident
 * prediction.
 */
export function mseVsCeSpec(
  points: readonly MseCePoint[],
  marked: number,
  opts: { title?: string; panelWidth?: number; panelHeight?: number; stacked?: boolean } = {},
): TopLevelSpec {
  const series = ['cross-entropy', 'MSE'];
  const color = { field: 'series', type: 'nominal' as const, title: null, sort: series, scale: { domain: series, range: ['#d62728', '#1f77b4'] } };
  const panel = (field: 'loss' | 'grad', title: string, yMax: number) => ({
    title: { text: title, fontSize: 13, fontWeight: 'normal' as const },
    width: opts.panelWidth ?? 320,
    height: opts.panelHeight ?? 240,
    layer: [
      {
        data: { values: points as unknown as Record<string, unknown>[] },
        mark: { type: 'line' as const, strokeWidth: 2.5, clip: true },
        encoding: {
          x: { field: 'p', type: 'quantitative' as const, title: 'predicted P(y = 1), true y = 1', scale: { domain: [0, 1] }, axis: probabilityTicks(opts.panelWidth ?? 320) },
          y: { field, type: 'quantitative' as const, title, scale: { domain: [0, yMax], nice: false } },
          color,
          order: { field: 'p', type: 'quantitative' as const },
        },
      },
      {
        data: { values: [{ p: marked }] },
        mark: { type: 'rule' as const, color: '#555', strokeDash: [4, 3] },
        encoding: { x: { field: 'p', type: 'quantitative' as const } },
      },
    ],
  });
  const panels = [panel('loss', 'loss for y = 1', 5), panel('grad', '|∂loss/∂z|, z = logit', 1.05)];
  return {
    $schema: SCHEMA,
    ...titled(opts.title, 'MSE against cross-entropy for a positive example (y = 1)'),
    config: { ...config, legend: { ...config.legend, orient: 'top' as const, direction: 'horizontal' as const } },
    ...(opts.stacked ? { vconcat: panels } : { hconcat: panels }),
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/** Training loss per epoch, one line per solver. Also used live by the web page. */
export function lossCurveSpec(
  rows: readonly { epoch: number; loss: number; series: string }[],
  opts: { title?: string; maxEpoch?: number; yLog?: boolean; width?: number; height?: number; yTitle?: string; xTitle?: string; live?: boolean } = {},
): TopLevelSpec {
  const series = [...new Set(rows.map((r) => r.series))];
  // A log axis rounded out to whole decades leaves most of the plot empty: fit it to the data.
  const finite = rows.map((r) => r.loss).filter((v) => Number.isFinite(v) && v > 0);
  const logDomain = opts.yLog && finite.length > 0 ? [Math.min(...finite) / 1.15, Math.max(...finite) * 1.15] : undefined;
  return {
    $schema: SCHEMA,
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? WIDTH,
    height: opts.height ?? HEIGHT,
    // The page streams rows into 'history' (`live`): re-measure the axes as the labels change.
    ...(opts.live ? { autosize: { type: 'pad' as const, resize: true } } : {}),
    config,
    data: { name: 'history', values: rows as unknown as Record<string, unknown>[] },
    mark: { type: 'line', strokeWidth: 2.2, clip: true },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: opts.xTitle ?? 'epoch',
        ...(opts.maxEpoch !== undefined ? { scale: { domain: [0, opts.maxEpoch] } } : {}),
      },
      y: {
        field: 'loss',
        type: 'quantitative',
        title: opts.yTitle ?? 'training loss',
        ...(opts.yLog ? { scale: { type: 'log', nice: false, ...(logDomain ? { domain: logDomain } : {}) } } : { scale: { zero: true } }),
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        ...(series.length > 0 ? { sort: series } : {}),
        scale: { range: ['#1f77b4', '#d62728', '#2ca02c'] },
      },
      order: { field: 'epoch', type: 'quantitative' },
    },
  };
}

/**
 * ROC curves with the chance diagonal; `series` carries e.g. "gd (AUC 0.995)". Both axes run a
 * little past 0 and 1, so a curve that climbs the FPR = 0 edge or runs along TPR = 1 (a good
 * classifier's does) is drawn beside the frame, not hidden under it.
 */
export function rocSpec(
  points: readonly { fpr: number; tpr: number; series: string; order: number }[],
  opts: { title?: string; size?: number } = {},
): TopLevelSpec {
  const series = [...new Set(points.map((p) => p.series))];
  const axis = { values: [0, 0.2, 0.4, 0.6, 0.8, 1] };
  const domain = [-0.025, 1.025];
  return {
    $schema: SCHEMA,
    ...titled(opts.title, 'ROC curves'),
    width: opts.size ?? 340,
    height: opts.size ?? 340,
    config: { ...config, legend: { ...config.legend, orient: 'bottom', direction: 'vertical' } },
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', color: '#999', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
        },
      },
      {
        data: { values: points as unknown as Record<string, unknown>[] },
        mark: { type: 'line', strokeWidth: 2.2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain, nice: false }, axis },
          y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain, nice: false }, axis },
          color: { field: 'series', type: 'nominal', title: null, sort: series, scale: { range: ['#1f77b4', '#d62728'] } },
          strokeDash: { field: 'series', type: 'nominal', title: null, sort: series, scale: { range: [[1, 0], [6, 3]] } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  };
}

/** One point of a toy-data training run: the training accuracy after `epoch` updates. */
export interface ToyRunPoint {
  epoch: number;
  accuracy: number;
  /** 'cross-entropy' or 'MSE' */
  loss: string;
  /** 'confidently wrong' or 'zero' */
  start: string;
}

/**
 * Training accuracy per epoch of the toy runs: colour by loss, dash by starting point. The page
 * streams points into the named data set 'runs'.
 */
export function toyRunsSpec(points: readonly ToyRunPoint[], opts: { maxEpoch: number; width?: number; height?: number; title?: string }): TopLevelSpec {
  const losses = ['cross-entropy', 'MSE'];
  const starts = ['confidently wrong', 'zero'];
  return {
    $schema: SCHEMA,
    ...titled(opts.title, 'Training accuracy per epoch'),
    width: opts.width ?? WIDTH,
    height: opts.height ?? 220,
    autosize: { type: 'pad', resize: true },
    config: { ...config, legend: { ...config.legend, orient: 'bottom' as const, direction: 'horizontal' as const, strokeColor: null, padding: 2 } },
    // The x axis ends at the longest run's last epoch: the page sets the parameter per run.
    params: [{ name: 'maxEpoch', value: opts.maxEpoch }],
    data: { name: 'runs', values: points as unknown as Record<string, unknown>[] },
    mark: { type: 'line', strokeWidth: 2.2, clip: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { domainMin: 0, domainMax: { expr: 'maxEpoch' }, nice: false } },
      y: { field: 'accuracy', type: 'quantitative', title: 'training accuracy', scale: { domain: [0, 1] } },
      color: { field: 'loss', type: 'nominal', title: 'loss', sort: losses, scale: { domain: losses, range: ['#d62728', '#1f77b4'] } },
      strokeDash: { field: 'start', type: 'nominal', title: 'start', sort: starts, scale: { domain: starts, range: [[1, 0], [6, 4]] } },
      order: { field: 'epoch', type: 'quantitative' },
    },
  };
}
