// The browser example as `pnpm example browser` serves it (Vite's dev server, started fresh on
// 127.0.0.1 and a free port), in Debian's headless Chromium (/usr/bin/chromium, driven by
// playwright-core; no browser download): Train trains to ≥ 0.95 test accuracy in the page.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type ViteDevServer, createServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
let server: ViteDevServer | undefined;
let browser: Browser | undefined;
let cacheDir = '';

beforeAll(async () => {
  if (!haveChromium) return;
  cacheDir = mkdtempSync(join(tmpdir(), 'entropic-examples-vite-'));
  server = await createServer({
    configFile: join(import.meta.dirname, '..', 'browser', 'vite.config.ts'),
    cacheDir,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await server.listen();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (cacheDir !== '') rmSync(cacheDir, { recursive: true, force: true });
});

it('trains a logistic regression in the page', async (ctx) => {
  if (!haveChromium) {
    if (process.env.CI) throw new Error(`the browser example's test needs ${CHROMIUM}: apt-get install chromium`);
    ctx.skip(`${CHROMIUM} is missing (apt-get install chromium)`);
  }
  const url = server?.resolvedUrls?.local[0];
  if (browser === undefined || url === undefined) throw new Error('no dev server or browser');
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(url);
  await page.click('#train');
  await page.waitForSelector('#output[data-state="done"]', { timeout: 60_000 });
  const text = (await page.textContent('#output')) ?? '';
  expect(text).toMatch(/iteration 500 {2}loss 0\.\d{4}/);
  expect(Number(await page.getAttribute('#output', 'data-accuracy'))).toBeGreaterThanOrEqual(0.95);
  expect(loads).toBe(1);
  expect(problems).toEqual([]);
  await page.close();
}, 180_000);
