// The web page, built with Vite and served on 127.0.0.1, in Debian's headless Chromium: every
// section computes and draws, the toy data show cross-entropy recovering from a confidently wrong
// start far faster than MSE, the breast cancer model trains live to ≥ 0.95 test accuracy with its
// controls disabled meanwhile, and the layout holds at a phone's 390 px.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, requireChromium, screenshotPath, watchProblems } from './chromium.js';
import { demoRoot, tempDir } from './helpers.js';

const configFile = join(demoRoot, 'vite.config.ts');

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

describe('web page in headless Chromium', () => {
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let url = '';
  let outDir = '';

  beforeAll(async () => {
    if (!haveChromium) return;
    outDir = tempDir('web');
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    const local = server.resolvedUrls?.local[0];
    if (local === undefined) throw new Error('vite preview did not report its URL');
    url = local;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
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
    await page.screenshot({ path: screenshotPath('page-1200.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
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
