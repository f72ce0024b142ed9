// The web page, built with Vite and served on localhost, in Debian's headless Chromium driven by
// playwright-core (no browser download: /usr/bin/chromium, installed by apt-get).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoot, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SKIP_REASON = `${CHROMIUM} is missing (apt-get install chromium); set CI=1 to make this a failure`;
const configFile = join(demoRoot, 'vite.config.ts');
const artifacts = join(demoRoot, 'out', 'test');

if (!haveChromium && !process.env.CI) {
  console.warn(`browser test skipped: ${SKIP_REASON}`);
}

describe('web page in headless Chromium', () => {
  let server: PreviewServer | undefined;
  let context: BrowserContext | undefined;
  let url = '';
  let outDir = '';
  let userDataDir = '';

  beforeAll(async () => {
    if (!haveChromium) return;
    outDir = tempDir('web');
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    const local = server.resolvedUrls?.local[0];
    if (local === undefined) throw new Error('vite preview did not report its URL');
    url = local;
    userDataDir = tempDir('chromium-profile');
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1200, height: 1000 },
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    for (const dir of [outDir, userDataDir]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('has Chromium to run in', (ctx) => {
    if (!haveChromium) {
      if (process.env.CI) throw new Error(`the browser test needs ${CHROMIUM}: apt-get install chromium`);
      ctx.skip(SKIP_REASON);
    }
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  it('renders the curve, trains live with a growing loss curve, and reaches a test accuracy ≥ 0.95', async (ctx) => {
    if (!haveChromium) {
      if (process.env.CI) throw new Error(`the browser test needs ${CHROMIUM}: apt-get install chromium`);
      ctx.skip(SKIP_REASON);
    }
    if (context === undefined) throw new Error('no browser context');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    // Only localhost: the page must not fetch anything from the network.
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
      problems.push(`network: ${route.request().url()}`);
      return route.abort();
    });

    await page.goto(url);
    // 1. The curve: an SVG with the article's axis titles and legend.
    await page.waitForSelector('#curve[data-state="ready"] svg', { timeout: 30_000 });
    const curveText = await page.textContent('#curve svg');
    expect(curveText).toContain('φ(z)');
    expect(curveText).toContain('J(w)');
    expect(curveText).toContain('J(w) if y=1');
    expect(curveText).toContain('J(w) if y=0');
    expect(await page.getAttribute('#curve', 'data-points')).toBe('201');
    await page.waitForSelector('#sigmoid[data-state="ready"] svg');

    // 2. Train: watch the loss chart's point count grow while the worker reports epochs.
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
    await page.waitForSelector('#result[data-state="done"]', { timeout: 120_000 });
    const seen = await page.evaluate(() => (window as unknown as { seenPoints: number[] }).seenPoints);
    const growth = seen.filter((n) => n > 0);
    expect(growth.length, `loss chart updates: ${seen.join(',')}`).toBeGreaterThanOrEqual(3);
    expect([...growth].sort((a, b) => a - b)).toEqual(growth);
    expect(growth.at(-1)).toBe(epochs);
    const lossPaths = await page.locator('#loss svg path').count();
    expect(lossPaths).toBeGreaterThan(0);

    // 3. The final test accuracy.
    const accuracy = Number(await page.getAttribute('#result', 'data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(Number(await page.textContent('#test-accuracy'))).toBeCloseTo(accuracy, 4);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'page.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
