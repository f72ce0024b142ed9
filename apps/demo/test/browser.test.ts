// The web page, built with Vite and served on 127.0.0.1, in Debian's headless Chromium: every
// section computes and draws, the toy data show cross-entropy recovering from a confidently wrong
// start far faster than MSE, the breast cancer model trains live to ≥ 0.95 test accuracy with its
// controls disabled meanwhile — on the WebAssembly backend with threads, on the CPU backend with
// ?backend=cpu, and on the CPU backend where WebAssembly is disabled — and the layout holds at a
// phone's 390 px. A test page bundled by the same config runs the WebAssembly backend's threads.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, requireChromium, screenshotPath, watchProblems } from './chromium.js';
import { demoRoot, tempDir } from './helpers.js';

const configFile = join(demoRoot, 'vite.config.ts');
const threadsFixture = join(demoRoot, 'test', 'fixtures', 'wasm-threads');

if (!haveChromium && !process.env.CI) console.warn('browser test skipped: /usr/bin/chromium is missing');

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
}

/** Whether every control of a form is disabled (true) or every one enabled (false); else null. */
function controlsState(page: Page, form: string): Promise<boolean | null> {
  return page.evaluate((sel) => {
    const els = [...document.querySelectorAll<HTMLInputElement | HTMLButtonElement>(`${sel} input, ${sel} button`)];
    if (els.length === 0) return null;
    if (els.every((e) => e.disabled)) return true;
    if (els.every((e) => !e.disabled)) return false;
    return null;
  }, form);
}

/** RGB of the toy canvas at a point given as fractions of its size. */
function canvasColour(page: Page, fx: number, fy: number): Promise<number[]> {
  return page.evaluate(
    ([x, y]) => {
      const c = document.getElementById('toy-canvas') as HTMLCanvasElement;
      const ctx = c.getContext('2d');
      if (ctx === null) return [];
      return [...ctx.getImageData(Math.round((x ?? 0) * c.width), Math.round((y ?? 0) * c.height), 1, 1).data].slice(0, 3);
    },
    [fx, fy],
  );
}

/** Trains the breast cancer model with the page's controls as they are; its result and the backend line. */
async function trainBreastCancer(page: Page): Promise<{ accuracy: number; backend: string | null; threads: number; label: string }> {
  await page.waitForSelector('#train:not([disabled])');
  await page.click('#train');
  await page.waitForSelector('#result[data-state="done"]', { timeout: 120_000 });
  return backendResult(page);
}

async function backendResult(page: Page): Promise<{ accuracy: number; backend: string | null; threads: number; label: string }> {
  const line = page.locator('#backend');
  expect(await line.isVisible()).toBe(true);
  return {
    accuracy: Number(await page.getAttribute('#result', 'data-accuracy')),
    backend: await line.getAttribute('data-backend'),
    threads: Number(await line.getAttribute('data-threads')),
    label: (await line.textContent()) ?? '',
  };
}

/** A preview server (production build, the config's headers) of `root`'s page, built into a temporary folder. */
async function buildAndServe(root: string | undefined, name: string): Promise<{ server: PreviewServer; url: string; outDir: string }> {
  const outDir = tempDir(name);
  const where = root === undefined ? {} : { root };
  await build({ configFile, ...where, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ configFile, ...where, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview did not report its URL');
  return { server, url, outDir };
}

async function trainToy(page: Page, loss: 'crossEntropy' | 'mse', start: 'wrong' | 'zero'): Promise<{ epochsTo90: number | undefined; accuracy: number }> {
  await page.check(`input[name="toy-loss"][value="${loss}"]`);
  await page.check(`input[name="toy-start"][value="${start}"]`);
  await page.click('#toy-train');
  // Disabled while training (checked before the run can end: it animates for about 150 frames).
  expect(await controlsState(page, '#toy-controls')).toBe(true);
  await page.waitForSelector('#toy-canvas[data-state="done"]', { timeout: 60_000 });
  expect(await controlsState(page, '#toy-controls')).toBe(false);
  const row = page.locator(`#toy-runs tr[data-loss="${loss}"][data-start="${start}"]`).first();
  const e = await row.getAttribute('data-epochs-to90');
  return { epochsTo90: e === '' || e === null ? undefined : Number(e), accuracy: Number(await row.getAttribute('data-accuracy')) };
}

// One browser for every test in this file.
let browser: Browser | undefined;

beforeAll(async () => {
  if (haveChromium) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('web page in headless Chromium', () => {
  let server: PreviewServer | undefined;
  let url = '';
  let outDir = '';

  beforeAll(async () => {
    if (!haveChromium) return;
    ({ server, url, outDir } = await buildAndServe(undefined, 'web'));
  });

  afterAll(async () => {
    await server?.close();
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
  });

  it('computes and draws the curve, the three-class example and MSE against cross-entropy', async (ctx) => {
    requireChromium(ctx);
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const problems = await watchProblems(page);
    await page.goto(url);
    await ready(page);

    const curveText = await page.textContent('#curve svg');
    for (const text of ['φ(z)', 'J(w)', 'J(w) if y=1', 'J(w) if y=0']) expect(curveText).toContain(text);
    expect(await page.getAttribute('#curve', 'data-points')).toBe('201');
    await page.waitForSelector('#sigmoid[data-state="ready"] svg');

    // Three classes: the article's numbers, and a prediction of your own.
    const three = await page.textContent('#three-class-table');
    expect(three).toContain('0.3567');
    expect(three).toContain('2.3026');
    await page.waitForSelector('#three-class[data-state="ready"] svg');
    await page.fill('#mine-pa', '0.5');
    expect(await page.textContent('#mine-loss')).toBe(Math.LN2.toFixed(4));
    expect(await page.textContent('#mine-rest')).toBe('0.250');

    // MSE against cross-entropy at p = 0.01 (the default), then at p = 0.5.
    const cells = async () => (await page.locator('#mse-ce-table tbody td').allTextContents()).map((t) => t.trim());
    expect(await cells()).toEqual(['MSE', '0.9801', '-1.9800', '-0.0196', 'cross-entropy', '4.6052', '-100.0000', '-0.9900']);
    expect(await page.textContent('#mse-ce-ratio')).toContain('51×');
    await page.fill('#mse-p', '0.5');
    expect(await cells()).toEqual(['MSE', '0.2500', '-1.0000', '-0.2500', 'cross-entropy', '0.6931', '-2.0000', '-0.5000']);
    await page.waitForSelector('#mse-ce[data-state="ready"] svg');
    expect(await page.textContent('#mse-ce svg')).toContain('|∂loss/∂z|');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the article’s point on toy data: from a confidently wrong start cross-entropy recovers, MSE creeps', async (ctx) => {
    requireChromium(ctx);
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const problems = await watchProblems(page);
    await page.goto(url);
    await ready(page);
    await page.waitForSelector('#toy-canvas[data-state="ready"]');
    // The wrong start: class 1 (red) is predicted at the lower left, class 0 (blue) upper right.
    const [r0 = 0, , b0 = 0] = await canvasColour(page, 0.05, 0.95);
    expect(r0).toBeGreaterThan(b0);

    const ce = await trainToy(page, 'crossEntropy', 'wrong');
    expect(ce.epochsTo90).toBeDefined();
    expect(ce.accuracy).toBeGreaterThan(0.9);
    // The boundary swung round: blue (class 0) lower left, red (class 1) upper right.
    const [r1 = 0, , b1 = 0] = await canvasColour(page, 0.05, 0.95);
    const [r2 = 0, , b2 = 0] = await canvasColour(page, 0.95, 0.05);
    expect(b1).toBeGreaterThan(r1);
    expect(r2).toBeGreaterThan(b2);
    const w = JSON.parse((await page.getAttribute('#toy-canvas', 'data-w')) ?? '{}');
    expect(w.w1).toBeGreaterThan(0);

    const mse = await trainToy(page, 'mse', 'wrong');
    expect(mse.epochsTo90 ?? Number.POSITIVE_INFINITY).toBeGreaterThan(5 * (ce.epochsTo90 ?? 0));
    // Both runs stay on the chart, one line each.
    expect(await page.locator('#toy-runs tbody tr').count()).toBe(2);
    expect(await page.locator('#toy-chart svg path[aria-roledescription="line mark"]').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: screenshotPath('toy-1200.png'), fullPage: false, clip: (await page.locator('#toy-section').boundingBox()) ?? undefined });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('trains the breast cancer model live, controls disabled meanwhile, to a test accuracy ≥ 0.95', async (ctx) => {
    requireChromium(ctx);
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const problems = await watchProblems(page);
    await page.goto(url);
    await ready(page);
    await page.waitForSelector('#train:not([disabled])');
    const epochs = Number(await page.inputValue('#epochs'));
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seenPoints: number[] }).seenPoints = seen;
      const el = document.getElementById('loss');
      if (el === null) return;
      new MutationObserver(() => seen.push(Number(el.dataset.points ?? 0))).observe(el, { attributes: true, attributeFilter: ['data-points'] });
    });
    await page.click('#train');
    expect(await controlsState(page, '#controls')).toBe(true);
    await page.waitForSelector('#result[data-state="done"]', { timeout: 120_000 });
    expect(await controlsState(page, '#controls')).toBe(false);
    const seen = await page.evaluate(() => (window as unknown as { seenPoints: number[] }).seenPoints);
    const growth = seen.filter((n) => n > 0);
    expect(growth.length, `loss chart updates: ${seen.join(',')}`).toBeGreaterThanOrEqual(3);
    expect([...growth].sort((a, b) => a - b)).toEqual(growth);
    expect(growth.at(-1)).toBe(epochs);
    expect(await page.locator('#loss svg path').count()).toBeGreaterThan(0);
    const accuracy = Number(await page.getAttribute('#result', 'data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(Number(await page.textContent('#test-accuracy'))).toBeCloseTo(accuracy, 4);
    // On the WebAssembly backend, with threads: the page is cross-origin isolated (the server's
    // COOP/COEP headers), so the training worker can share memory with threads of its own.
    const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
    expect(isolated).toBe(true);
    const threads = Math.min(Math.max(1, cores), 4);
    const ran = await backendResult(page);
    expect(ran.backend).toBe('wasm');
    expect(ran.threads).toBe(threads);
    expect(ran.label).toBe(`backend: wasm (${threads} thread${threads === 1 ? '' : 's'})`);
    if (cores > 1) expect(ran.threads).toBeGreaterThan(1);
    await page.screenshot({ path: screenshotPath('page-1200.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('trains on the CPU backend with ?backend=cpu, and says so', async (ctx) => {
    requireChromium(ctx);
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const problems = await watchProblems(page);
    await page.goto(`${url}?backend=cpu`);
    await ready(page);
    const ran = await trainBreastCancer(page);
    expect(ran).toMatchObject({ backend: 'cpu', threads: 1, label: 'backend: cpu (chosen with ?backend=cpu)' });
    expect(ran.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('falls back to the CPU backend where WebAssembly is disabled, says why, and still trains', async (ctx) => {
    requireChromium(ctx);
    // V8 without its compilers, hence without WebAssembly, in every page and worker of this
    // browser (as in browsers' hardened modes that turn the JIT and WebAssembly off).
    const noWasm = await launchChromium(['--js-flags=--jitless']);
    try {
      const page = await noWasm.newPage({ viewport: { width: 1200, height: 1000 } });
      const problems = await watchProblems(page);
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'warning') warnings.push(m.text());
      });
      await page.goto(url);
      await ready(page);
      expect(await page.evaluate(() => typeof WebAssembly)).toBe('undefined');
      const ran = await trainBreastCancer(page);
      expect(ran.backend).toBe('cpu');
      expect(ran.label).toMatch(/^backend: cpu \(WebAssembly unavailable: .*WebAssembly is not defined\)$/);
      expect(ran.accuracy).toBeGreaterThanOrEqual(0.95);
      // The worker logs why, as a warning (not an error: the page works).
      expect(warnings.join('\n')).toMatch(/WebAssembly backend unavailable; using the CPU backend/);
      await page.locator('#train-section').screenshot({ path: screenshotPath('train-no-wasm.png') });
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await noWasm.close();
    }
  });

  it('lays out at 390 px: nothing wider than the screen, every chart drawn', async (ctx) => {
    requireChromium(ctx);
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const problems = await watchProblems(page);
    await page.goto(url);
    await ready(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const tooWide = await page.evaluate(() =>
      [...document.querySelectorAll('svg, canvas, table, form, figure')]
        .map((el) => ({ el: el.id || el.parentElement?.id || el.tagName, right: el.getBoundingClientRect().right }))
        .filter((b) => b.right > 390.5),
    );
    expect(tooWide).toEqual([]);
    for (const id of ['curve', 'sigmoid', 'three-class', 'mse-ce', 'toy-chart']) {
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box?.width ?? 0, `#${id} is drawn`).toBeGreaterThan(250);
    }
    const canvas = await page.locator('#toy-canvas').boundingBox();
    expect(canvas?.width ?? 0).toBeGreaterThan(300);
    // A run on a phone: tap Train; the runs table it fills still fits.
    await page.tap('#toy-train');
    await page.waitForSelector('#toy-canvas[data-state="done"]', { timeout: 60_000 });
    expect(await page.locator('#toy-runs tbody tr').count()).toBe(1);
    const runsRight = await page.evaluate(() => document.getElementById('toy-runs')?.getBoundingClientRect().right ?? 0);
    expect(runsRight).toBeLessThanOrEqual(390.5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('page-390.png'), fullPage: true });
    for (const id of ['curve-section', 'three-class-section', 'mse-ce-section', 'toy-section', 'train-section']) {
      await page.locator(`#${id}`).screenshot({ path: screenshotPath(`390-${id}.png`) });
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the WebAssembly backend’s threads in a page bundled by the demo’s Vite config', () => {
  let server: PreviewServer | undefined;
  let url = '';
  let outDir = '';

  beforeAll(async () => {
    if (!haveChromium) return;
    ({ server, url, outDir } = await buildAndServe(threadsFixture, 'threads'));
  });

  afterAll(async () => {
    await server?.close();
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
  });

  it('splits large products over worker threads (minified), with results equal to the CPU backend’s', async (ctx) => {
    requireChromium(ctx);
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage();
    const problems = await watchProblems(page);
    await page.goto(url);
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    const report = JSON.parse((await page.textContent('#report')) ?? '{}');
    // A thread that cannot run its kernels (e.g. its source text calls a name the minifier
    // changed) raises an error that reaches the page's worker: none may come.
    expect(report).toMatchObject({ isolated: true, threads: 2, errors: [] });
    // float32 products accumulate in float32 panels: within 1e-5 of Σ|a·b| (≈ 400 here) of the CPU's.
    expect(report.worstAbsDiff).toBeLessThan(4e-3);
    expect(problems).toEqual([]);
    await page.close();
  });
});
