// The development server (`pnpm --filter @entropic/demo run dev:web`), fresh: an empty dependency
// cache, on 127.0.0.1 and a free port. The first click on Train must train to the end in the
// same page: no dependency found late, re-bundled, and the page reloaded mid-run.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type ViteDevServer, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, requireChromium, watchProblems } from './chromium.js';
import { demoRoot, tempDir } from './helpers.js';

describe('the dev server, started fresh', () => {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  let cacheDir = '';
  const logged: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) return;
    cacheDir = tempDir('vite-cache');
    server = await createServer({
      configFile: join(demoRoot, 'vite.config.ts'),
      cacheDir,
      clearScreen: false,
      customLogger: {
        info: (m) => logged.push(m),
        warn: (m) => logged.push(`warn: ${m}`),
        warnOnce: (m) => logged.push(`warn: ${m}`),
        error: (m) => logged.push(`error: ${m}`),
        clearScreen: () => {},
        hasErrorLogged: () => false,
        hasWarned: false,
      },
      server: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    await server.listen();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (cacheDir !== '') rmSync(cacheDir, { recursive: true, force: true });
  });

  it('trains on the first click without reloading the page', async (ctx) => {
    requireChromium(ctx);
    const url = server?.resolvedUrls?.local[0];
    if (browser === undefined || url === undefined) throw new Error('no dev server or browser');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const problems = await watchProblems(page);
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(url);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 120_000 });
    // A reload would drop this.
    await page.evaluate(() => {
      (window as unknown as { firstLoad: boolean }).firstLoad = true;
    });
    await page.click('#train');
    await page.waitForSelector('#result[data-state="done"]', { timeout: 120_000 });
    await page.click('#toy-train');
    await page.waitForSelector('#toy-canvas[data-state="done"]', { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { firstLoad?: boolean }).firstLoad)).toBe(true);
    expect(loads).toBe(1);
    expect(Number(await page.getAttribute('#result', 'data-accuracy'))).toBeGreaterThanOrEqual(0.95);
    expect(logged.filter((m) => /reloading|optimized dependencies changed|Failed to resolve/.test(m))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);
});
